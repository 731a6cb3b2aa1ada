/**
 * Ed25519 keys that sign receipts (node:crypto). The current key signs; the previous one is still
 * published and accepted, so a key can be rotated without making older receipts unverifiable.
 * A key id is the first 64 bits of SHA-256 over the raw public key, so a receipt names its key.
 */
import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from 'node:crypto';
import { DomainError } from '../core/errors.ts';
import { type ReceiptFields, canonicalReceiptBytes, signedBytesText } from './fields.ts';
import type { PublishedKey, ReceiptKeys } from './views.ts';

export interface ReceiptSignature {
  readonly keyId: string;
  /** 64-byte Ed25519 signature over canonicalReceiptBytes, base64url. */
  readonly signature: string;
}

export interface ReceiptSigner {
  readonly keys: readonly PublishedKey[];
  sign(fields: ReceiptFields): ReceiptSignature;
}

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const pkcs8Ed25519Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER header of an Ed25519 public key; the 32-byte key follows it. */
const spkiEd25519Prefix = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * A private key from configuration: a PKCS#8 PEM, or its 32-byte seed as 64 hex digits or
 * base64/base64url. Anything else is a configuration error, reported at start.
 */
export function privateKeyFromText(text: string, name: string): KeyObject {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith('-----BEGIN')) {
      const key = createPrivateKey(trimmed);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
      return key;
    }
    const seed = /^[0-9a-fA-F]{64}$/.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed, 'base64url');
    if (seed.length !== 32) throw new Error('not 32 bytes');
    return createPrivateKey({
      key: Buffer.concat([pkcs8Ed25519Prefix, seed]),
      format: 'der',
      type: 'pkcs8',
    });
  } catch {
    throw new DomainError(
      'VALIDATION_FAILED',
      `${name} must be an Ed25519 private key (PKCS#8 PEM, or its 32-byte seed in hex or base64)`,
    );
  }
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return der.subarray(spkiEd25519Prefix.length);
}

export function publicKeyFromRaw(raw: string): KeyObject | undefined {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 32) return undefined;
  return createPublicKey({
    key: Buffer.concat([spkiEd25519Prefix, bytes]),
    format: 'der',
    type: 'spki',
  });
}

export function keyIdOf(rawPublic: Uint8Array): string {
  return createHash('sha256').update(rawPublic).digest().subarray(0, 8).toString('base64url');
}

export function createReceiptSigner(current: KeyObject, previous?: KeyObject): ReceiptSigner {
  const publish = (key: KeyObject, status: PublishedKey['status']): PublishedKey => {
    const raw = rawPublicKey(key);
    return {
      keyId: keyIdOf(raw),
      algorithm: 'Ed25519',
      publicKey: raw.toString('base64url'),
      status,
    };
  };
  const currentKey = publish(current, 'current');
  const keys = previous ? [currentKey, publish(previous, 'previous')] : [currentKey];
  return {
    keys,
    sign: (fields) => ({
      keyId: currentKey.keyId,
      signature: sign(null, canonicalReceiptBytes(fields), current).toString('base64url'),
    }),
  };
}

/** The published keys and what they sign, for anyone who checks receipts themselves. */
export function receiptKeys(signer: Pick<ReceiptSigner, 'keys'>): ReceiptKeys {
  return { algorithm: 'Ed25519', signedBytes: signedBytesText, keys: [...signer.keys] };
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/** Checks a signature against published keys only: the caller decides which keys it trusts. */
export function checkReceiptSignature(
  keys: readonly Pick<PublishedKey, 'keyId' | 'publicKey'>[],
  fields: ReceiptFields,
  signed: ReceiptSignature,
): SignatureCheck {
  const published = keys.find((key) => key.keyId === signed.keyId);
  const publicKey = published ? publicKeyFromRaw(published.publicKey) : undefined;
  if (!publicKey) return 'unknown-key';
  const signature = Buffer.from(signed.signature, 'base64url');
  if (signature.length !== 64) return 'invalid';
  return verify(null, canonicalReceiptBytes(fields), publicKey, signature) ? 'valid' : 'invalid';
}
