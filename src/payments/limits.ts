/**
 * Payment limits (DESIGN.md §1): per payment, per bank day and count per bank day, by the
 * session's login level, in EUR at the bank's rate. The day's totals count every outgoing
 * payment of the customer, whatever level it was made at; limits count the amount sent, not the fee.
 */
import { sql } from 'kysely';
import { DomainError } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import type { BankSettings } from '../core/settings.ts';
import type { SessionLevel } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { LimitsView } from './views.ts';

export interface LevelLimitsMinor {
  readonly perPaymentEur: bigint;
  readonly perDayEur: bigint;
  /** 0 means no limit on the number of payments. */
  readonly countPerDay: number;
}

export interface DailyUsage {
  readonly eurMinor: bigint;
  readonly payments: number;
}

export function limitsForLevel(settings: BankSettings, level: SessionLevel): LevelLimitsMinor {
  return {
    perPaymentEur: settings[`limits.${level}.perPayment`],
    perDayEur: settings[`limits.${level}.perDay`],
    countPerDay: Number(settings[`limits.${level}.countPerDay`]),
  };
}

export async function dailyUsage(
  db: Executor,
  customerId: string,
  bankDay: string,
): Promise<DailyUsage> {
  const row = await db
    .selectFrom('daily_usage')
    .select(['eur_minor', 'payments'])
    .where('customer_id', '=', customerId)
    .where('bank_day', '=', bankDay)
    .executeTakeFirst();
  return { eurMinor: row?.eur_minor ?? 0n, payments: row?.payments ?? 0 };
}

/** The limits a payment can meet, in order of precedence. */
export type LimitOutcome = 'limit_per_payment' | 'limit_count_per_day' | 'limit_per_day';

/** The first limit a payment of `eurMinor` would exceed, or undefined when it fits. */
export function limitOutcome(
  limits: LevelLimitsMinor,
  usage: DailyUsage,
  eurMinor: bigint,
): LimitOutcome | undefined {
  if (eurMinor > limits.perPaymentEur) return 'limit_per_payment';
  if (limits.countPerDay > 0 && usage.payments + 1 > limits.countPerDay)
    return 'limit_count_per_day';
  if (usage.eurMinor + eurMinor > limits.perDayEur) return 'limit_per_day';
  return undefined;
}

/** The refusal a payment of `eurMinor` would meet, in order of precedence, or undefined. */
export function limitRefusal(
  limits: LevelLimitsMinor,
  usage: DailyUsage,
  eurMinor: bigint,
): DomainError | undefined {
  const outcome = limitOutcome(limits, usage, eurMinor);
  return outcome && limitError(outcome, limits, usage);
}

/** The problem for a limit outcome; amounts in EUR as decimal strings with their currency. */
export function limitError(
  outcome: LimitOutcome,
  limits: LevelLimitsMinor,
  usage: DailyUsage,
): DomainError {
  const eur = (minor: bigint) => `${formatAmount(minor, 'EUR')} EUR`;
  if (outcome === 'limit_per_payment')
    return new DomainError(
      'LIMIT_PER_PAYMENT',
      `the most you can pay at once is ${eur(limits.perPaymentEur)}`,
      { limit: formatAmount(limits.perPaymentEur, 'EUR'), currency: 'EUR' },
    );
  if (outcome === 'limit_count_per_day')
    return new DomainError(
      'LIMIT_COUNT_PER_DAY',
      `you can make ${limits.countPerDay} payments a day at this login level`,
      { limit: limits.countPerDay },
    );
  const left = limits.perDayEur - usage.eurMinor;
  const remaining = left > 0n ? left : 0n;
  return new DomainError('LIMIT_PER_DAY', `today you can still pay ${eur(remaining)}`, {
    limit: formatAmount(limits.perDayEur, 'EUR'),
    remaining: formatAmount(remaining, 'EUR'),
    currency: 'EUR',
  });
}

/**
 * Counts a payment in the day's usage, only if it fits: one conditional upsert, so two racing
 * payments serialize on the customer's usage row and the second sees the first's total.
 */
export async function consumeLimits(
  db: Executor,
  customerId: string,
  bankDay: string,
  limits: LevelLimitsMinor,
  eurMinor: bigint,
): Promise<void> {
  const { rows } = await sql<{ payments: number }>`
    insert into daily_usage as u (customer_id, bank_day, eur_minor, payments)
    select ${customerId}::uuid, ${bankDay}::date, ${eurMinor}::bigint, 1
     where ${eurMinor}::bigint <= ${limits.perPaymentEur}::bigint and ${eurMinor}::bigint <= ${limits.perDayEur}::bigint
    on conflict (customer_id, bank_day) do update
       set eur_minor = u.eur_minor + excluded.eur_minor, payments = u.payments + 1
     where u.eur_minor + excluded.eur_minor <= ${limits.perDayEur}::bigint
       and (${limits.countPerDay}::int = 0 or u.payments + 1 <= ${limits.countPerDay}::int)
    returning payments`.execute(db);
  if (rows.length === 1) return;
  // Refused: say precisely which limit, from the usage as it is now.
  const refusal = limitRefusal(limits, await dailyUsage(db, customerId, bankDay), eurMinor);
  throw refusal ?? new DomainError('LIMIT_PER_DAY', 'the daily limit would be exceeded');
}

export function limitsView(
  level: SessionLevel,
  limits: LevelLimitsMinor,
  usage: DailyUsage,
): LimitsView {
  const eur = (minor: bigint) => ({ amount: formatAmount(minor, 'EUR'), currency: 'EUR' as const });
  const remaining = limits.perDayEur - usage.eurMinor;
  return {
    level,
    perPayment: eur(limits.perPaymentEur),
    perDay: eur(limits.perDayEur),
    countPerDay: limits.countPerDay === 0 ? null : limits.countPerDay,
    usedToday: eur(usage.eurMinor),
    paymentsToday: usage.payments,
    remainingToday: eur(remaining > 0n ? remaining : 0n),
    paymentsRemainingToday:
      limits.countPerDay === 0 ? null : Math.max(0, limits.countPerDay - usage.payments),
  };
}
