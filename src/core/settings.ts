/**
 * Bank settings: the figures operators may change (DESIGN.md §1, §6), with the guide's defaults.
 * Stored as text in bank_settings (db/settings.ts); defined, parsed and validated here.
 */
import { DomainError } from './errors.ts';

type SettingKind = 'eurAmount' | 'count' | 'minutes' | 'seconds' | 'days' | 'switch';

interface SettingDefinition {
  readonly kind: SettingKind;
  readonly default: string;
  readonly description: string;
  /** Inclusive bounds of the parsed value (minor units for amounts). */
  readonly min: bigint;
  readonly max: bigint;
}

const eur = (major: number) => BigInt(major) * 100n;

export const settingDefinitions = {
  'limits.partial.perPayment': {
    kind: 'eurAmount',
    default: '100.00',
    min: 1n,
    max: eur(1_000_000),
    description: 'Partial login: largest single payment (EUR equivalent)',
  },
  'limits.partial.perDay': {
    kind: 'eurAmount',
    default: '100.00',
    min: 1n,
    max: eur(1_000_000),
    description: 'Partial login: total paid per bank day (EUR equivalent)',
  },
  'limits.partial.countPerDay': {
    kind: 'count',
    default: '3',
    min: 0n,
    max: 10_000n,
    description: 'Partial login: payments per bank day (0 = no limit)',
  },
  'limits.full.perPayment': {
    kind: 'eurAmount',
    default: '8000.00',
    min: 1n,
    max: eur(10_000_000),
    description: 'Full login: largest single payment (EUR equivalent)',
  },
  'limits.full.perDay': {
    kind: 'eurAmount',
    default: '16000.00',
    min: 1n,
    max: eur(10_000_000),
    description: 'Full login: total paid per bank day (EUR equivalent)',
  },
  'limits.full.countPerDay': {
    kind: 'count',
    default: '0',
    min: 0n,
    max: 10_000n,
    description: 'Full login: payments per bank day (0 = no limit)',
  },
  'requests.validityMinutes': {
    kind: 'minutes',
    default: '1440',
    min: 1n,
    max: 60n * 24n * 90n,
    description: 'How long a payment request can be paid',
  },
  'quotes.validitySeconds': {
    kind: 'seconds',
    default: '60',
    min: 10n,
    max: 600n,
    description: 'How long a payment quote (and its rate) holds',
  },
  'payments.duplicateWindowMinutes': {
    kind: 'minutes',
    default: '10',
    min: 0n,
    max: 24n * 60n,
    description:
      'A payment to the same payee for the same amount within this long of the last one needs a second confirmation (0 = off)',
  },
  'lockout.failedPasswordsMax': {
    kind: 'count',
    default: '5',
    min: 1n,
    max: 100n,
    description: 'Wrong passwords in a row before the login is locked',
  },
  'lockout.durationMinutes': {
    kind: 'minutes',
    default: '30',
    min: 1n,
    max: 60n * 24n * 30n,
    description: 'How long a locked login stays locked',
  },
  'otp.wrongCodesPerHour': {
    kind: 'count',
    default: '10',
    min: 1n,
    max: 1000n,
    description:
      'Wrong SMS codes per customer in an hour, over all challenges, before the login is locked',
  },
  'sessions.idleMinutes': {
    kind: 'minutes',
    default: '5',
    min: 1n,
    max: 24n * 60n,
    description: 'A session ends after this long without a request',
  },
  'sessions.absoluteMinutes': {
    kind: 'minutes',
    default: '30',
    min: 1n,
    max: 7n * 24n * 60n,
    description: 'A session ends this long after login, whatever happens',
  },
  'refunds.windowDays': {
    kind: 'days',
    default: '90',
    min: 1n,
    max: 3650n,
    description: 'How long after a payment its payee can refund it',
  },
  'refunds.feeCharged': {
    kind: 'switch',
    default: '0',
    min: 0n,
    max: 1n,
    description: 'Tariff of refunds: 1 = a refund pays the e-banking fee like a payment, 0 = free',
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof settingDefinitions;
export type BankSettings = { readonly [K in SettingKey]: bigint };

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

/** Parses a setting's text; amounts become EUR cents, the rest whole numbers. */
export function parseSettingValue(key: SettingKey, text: string): bigint {
  const definition: SettingDefinition = settingDefinitions[key];
  const value = definition.kind === 'eurAmount' ? parseEurCents(text) : parseWhole(text);
  if (value === undefined)
    throw new DomainError(
      'VALIDATION_FAILED',
      `${key}: "${text}" is not a valid ${describeKind(definition.kind)}`,
      { field: key },
    );
  if (value < definition.min || value > definition.max)
    throw new DomainError(
      'VALIDATION_FAILED',
      `${key}: ${text} is out of range (${formatSetting(key, definition.min)} to ${formatSetting(key, definition.max)})`,
      { field: key },
    );
  return value;
}

export function formatSetting(key: SettingKey, value: bigint): string {
  if (settingDefinitions[key].kind !== 'eurAmount') return value.toString();
  const cents = (value % 100n).toString().padStart(2, '0');
  return `${value / 100n}.${cents}`;
}

export function defaultSettings(): BankSettings {
  const entries = Object.entries(settingDefinitions).map(([key, d]) => [
    key,
    parseSettingValue(key as SettingKey, d.default),
  ]);
  return Object.freeze(Object.fromEntries(entries)) as BankSettings;
}

function parseEurCents(text: string): bigint | undefined {
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  return BigInt(match[1] ?? '0') * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

function parseWhole(text: string): bigint | undefined {
  return /^\d{1,12}$/.test(text.trim()) ? BigInt(text.trim()) : undefined;
}

function describeKind(kind: SettingKind): string {
  return {
    eurAmount: 'EUR amount (e.g. 100.00)',
    count: 'whole number',
    minutes: 'number of minutes',
    seconds: 'number of seconds',
    days: 'number of days',
    switch: '0 (off) or 1 (on)',
  }[kind];
}
