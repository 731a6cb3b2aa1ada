/** `smartpay rates …` and `smartpay tariff …`: the bank's exchange rates and payment fees. */
import { formatRate, parsePercent, parseRate } from '../../core/money.ts';
import { inTransaction } from '../../db/transaction.ts';
import { type BankRate, listCurrentRates, setRate } from '../../payments/rates.ts';
import {
  type StoredTariff,
  describeTariff,
  listTariffs,
  setTariff,
} from '../../payments/tariffs.ts';
import { amountArg, offeredCurrencyArg, optionalTextArg, textArg } from '../arguments.ts';
import { type CommandSpec, defineCommand } from '../registry.ts';
import { lines, right, table } from '../render.ts';

type RateView = { currency: string; perEur: string; setAt: string | null; setBy: string | null };
type TariffView = {
  currency: string;
  fixed: string;
  percent: string;
  min: string;
  max: string | null;
  updatedAt: string;
  updatedBy: string;
};

function rateView(rate: BankRate): RateView {
  return {
    currency: rate.currency,
    perEur: formatRate(rate.perEur),
    setAt: rate.setAt?.toISOString() ?? null,
    setBy: rate.setBy ?? null,
  };
}

function tariffView(tariff: StoredTariff): TariffView {
  const described = describeTariff(tariff);
  return {
    currency: tariff.currency,
    fixed: described.fixed ?? '',
    percent: described.percent ?? '',
    min: described.min ?? '',
    max: described.max ?? null,
    updatedAt: tariff.updatedAt.toISOString(),
    updatedBy: tariff.updatedBy,
  };
}

const renderRates = (rates: readonly RateView[]) =>
  table(
    ['Currency', right('1 EUR ='), 'Set at', 'Set by'],
    rates.map((r) => [r.currency, r.perEur, r.setAt ?? '(base)', r.setBy ?? '']),
  );

const renderTariffs = (tariffs: readonly TariffView[]) =>
  table(
    ['Currency', right('Fixed'), right('Percent'), right('Min'), right('Max'), 'Updated by'],
    tariffs.map((t) => [t.currency, t.fixed, `${t.percent} %`, t.min, t.max ?? '—', t.updatedBy]),
  );

const setRateCommand = defineCommand<{ rate: RateView }>({
  name: 'rates set',
  summary: "set a currency's rate of the day against EUR (1 EUR = <perEur> <currency>)",
  arguments: [
    { name: 'currency', description: 'ISO 4217 code of an offered currency other than EUR' },
    {
      name: 'perEur',
      description: 'units of the currency per 1 EUR, up to 8 decimals (e.g. 1.08)',
    },
  ],
  async run(context, args) {
    const currency = offeredCurrencyArg(context.config, args, 'currency');
    const perEur = parseRate(textArg(args, 'perEur'));
    const rate = await inTransaction(context.database, (trx) =>
      setRate(trx, currency, perEur, context.actor),
    );
    return { rate: rateView(rate) };
  },
  render: ({ rate }) => `1 EUR = ${rate.perEur} ${rate.currency} from now on.`,
});

const listRatesCommand = defineCommand<{ rates: RateView[]; missing: string[] }>({
  name: 'rates list',
  summary: 'the current rate of every currency (newest per currency; history is kept)',
  async run(context) {
    const rates = await listCurrentRates(context.database.db);
    const known = new Set(rates.map((r) => r.currency));
    const missing = context.config.currencies.filter((c) => !known.has(c));
    return { rates: rates.map(rateView), missing };
  },
  render: ({ rates, missing }) =>
    lines(
      renderRates(rates),
      missing.length > 0
        ? `No rate yet for: ${missing.join(', ')} (payments in them are refused).`
        : '',
    ),
});

const setTariffCommand = defineCommand<{ tariff: TariffView }>({
  name: 'tariff set',
  summary: 'set the fee of payments in a currency: fixed + percent, kept within min and max',
  arguments: [{ name: 'currency', description: 'ISO 4217 code of an offered currency' }],
  options: [
    { flags: '--fixed <amount>', description: 'fixed part (default 0)' },
    { flags: '--percent <percent>', description: 'percent of the amount, e.g. 0.1 (default 0)' },
    { flags: '--min <amount>', description: 'smallest fee (default 0)' },
    { flags: '--max <amount>', description: 'largest fee (default: no maximum)' },
  ],
  async run(context, args) {
    const currency = offeredCurrencyArg(context.config, args, 'currency');
    const figure = (name: string) =>
      optionalTextArg(args, name) === undefined
        ? 0n
        : amountArg(args, name, currency, { allowZero: true });
    const tariff = {
      currency,
      fixedMinor: figure('fixed'),
      percent: parsePercent(optionalTextArg(args, 'percent') ?? '0'),
      minMinor: figure('min'),
      maxMinor: optionalTextArg(args, 'max') === undefined ? null : figure('max'),
    };
    const stored = await inTransaction(context.database, (trx) =>
      setTariff(trx, tariff, context.actor),
    );
    return { tariff: tariffView(stored) };
  },
  render: ({ tariff }) => lines(`Tariff for ${tariff.currency} set.`, renderTariffs([tariff])),
});

const listTariffsCommand = defineCommand<{ tariffs: TariffView[]; free: string[] }>({
  name: 'tariff list',
  summary: 'the fee tariff of every currency',
  async run(context) {
    const tariffs = await listTariffs(context.database.db);
    const set = new Set(tariffs.map((t) => t.currency));
    const free = context.config.currencies.filter((c) => !set.has(c));
    return { tariffs: tariffs.map(tariffView), free };
  },
  render: ({ tariffs, free }) =>
    lines(
      renderTariffs(tariffs),
      free.length > 0 ? `No tariff (payments are free) for: ${free.join(', ')}.` : '',
    ),
});

export const pricingCommands: readonly CommandSpec[] = [
  setRateCommand,
  listRatesCommand,
  setTariffCommand,
  listTariffsCommand,
];
