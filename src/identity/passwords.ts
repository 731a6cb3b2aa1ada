/**
 * Mobile-banking passwords (DESIGN.md §6): argon2id with OWASP's recommended parameters, never
 * stored or logged in clear. Passwords are NFC-normalised first, so "ë" typed as one code point
 * on one phone and as "e" + combining diaeresis on another is the same password.
 */
import { type Algorithm, type Options, hash, verify } from '@node-rs/argon2';
import { DomainError } from '../core/errors.ts';
import { randomToken } from '../core/ids.ts';

export const passwordLengthMin = 8;
/** argon2 reads any length; a cap bounds the work one login attempt can cause. */
export const passwordLengthMax = 256;

// Algorithm is a const enum, which isolatedModules cannot inline: 2 is Algorithm.Argon2id.
const argon2id = 2 as Algorithm;

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 passes, 1 lane (~50 ms here). */
const hashOptions: Options = Object.freeze({
  algorithm: argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** The password policy; returns the normalised password or throws VALIDATION_FAILED. */
export function checkPasswordPolicy(password: unknown): string {
  if (typeof password !== 'string') throw policyError('Password is required', 'required');
  const normalized = password.normalize('NFC');
  const length = [...normalized].length;
  if (length < passwordLengthMin)
    throw policyError(`Password must have at least ${passwordLengthMin} characters`, 'too_short');
  if (length > passwordLengthMax)
    throw policyError(`Password must have at most ${passwordLengthMax} characters`, 'too_long');
  return normalized;
}

function policyError(message: string, reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field: 'password', reason });
}

/** A PHC string ("$argon2id$v=19$m=19456,t=2,p=1$salt$hash") with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  return hash(checkPasswordPolicy(password), hashOptions);
}

/** Whether `password` matches the stored hash; a malformed hash is a bug and throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (typeof password !== 'string' || [...password].length > passwordLengthMax) return false;
  return verify(passwordHash, password.normalize('NFC'));
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real verification and answers false. Login calls it for a CIF that does
 * not exist, so the response time does not tell an attacker which CIFs are customers.
 */
export async function dummyVerify(password: string): Promise<false> {
  dummyHash ??= hash(randomToken(24), hashOptions);
  await verify(await dummyHash, typeof password === 'string' ? password.normalize('NFC') : '');
  return false;
}
