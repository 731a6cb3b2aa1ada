/**
 * The budget of wrong SMS codes per customer (issue 11): three tries per challenge alone would
 * let a caller who knows the password guess a four-digit code within a day by opening challenge
 * after challenge. Every wrong code is a row; more than the bank setting otp.wrongCodesPerHour
 * in the last hour locks the login as a password lockout does, and the customer is told by SMS.
 */
import type { Clock } from '../core/clock.ts';
import type { BankSettings } from '../core/settings.ts';
import type { Executor } from '../db/transaction.ts';
import { enqueue } from '../notify/outbox.ts';
import { lockLogin } from './lockout.ts';

const windowMs = 60 * 60_000;

export const lockedBySmsText =
  'SmartPay: hyrja juaj u bllokua pas shumë kodeve të gabuara. ' +
  'Nëse nuk ishit ju, kontaktoni bankën.';

/**
 * Counts one wrong code of the customer (inside the caller's transaction, which holds the
 * customer's row lock so racing guesses count one after another). Returns when the login was
 * locked by this code, else undefined.
 */
export async function countWrongCode(
  trx: Executor,
  input: {
    customer: { id: string; cif: string; phone: string };
    clock: Clock;
    settings: BankSettings;
    ip: string | null;
  },
): Promise<Date | undefined> {
  const now = input.clock.now();
  const { customer } = input;
  await trx
    .insertInto('otp_wrong_codes')
    .values({ customer_id: customer.id, failed_at: now })
    .execute();
  const row = await trx
    .selectFrom('otp_wrong_codes')
    .select((eb) => eb.fn.countAll<string>().as('wrong'))
    .where('customer_id', '=', customer.id)
    .where('failed_at', '>', new Date(now.getTime() - windowMs))
    .executeTakeFirstOrThrow();
  if (BigInt(row.wrong) < input.settings['otp.wrongCodesPerHour']) return undefined;
  const lockedUntil = await lockLogin(trx, {
    cif: customer.cif,
    now,
    settings: input.settings,
    reason: 'otp_codes',
    ip: input.ip,
  });
  await enqueue(trx, {
    topic: 'sms',
    customerId: customer.id,
    payload: { phone: customer.phone, cif: customer.cif, text: lockedBySmsText },
  });
  return lockedUntil;
}
