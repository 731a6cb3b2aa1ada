/**
 * The demo bank: two customers with money in two currencies, rates and tariffs. Figures are
 * plausible, not market data. The password is for demos only: it is printed on the terminal at
 * `npm start` and the seed refuses to run in production.
 */
import { convert, parseAmount, parseRate } from '../core/money.ts';

export const demoPassword = 'demo1234';

export interface DemoCustomer {
  readonly name: string;
  readonly cif: string;
  readonly phone: string;
  /** Which of the bank's other currencies the second account is in (0 = first offered). */
  readonly otherCurrencyIndex: number;
  /** Approved overdraft of the main account, in its currency. */
  readonly overdraft: string | undefined;
}

export const demoCustomers: readonly DemoCustomer[] = [
  {
    name: 'Arta Krasniqi',
    cif: '10000001',
    phone: '+38344111222',
    otherCurrencyIndex: 0,
    overdraft: undefined,
  },
  {
    name: 'Besnik Gashi',
    cif: '10000002',
    phone: '+38344333444',
    otherCurrencyIndex: 1,
    overdraft: '200.00',
  },
];

export const mainDeposit = '1000.00';
export const otherDeposit = '500';

/** 1 EUR = X, for every currency core/currencies.ts knows. */
export const demoRates: Readonly<Record<string, string>> = {
  USD: '1.08',
  CHF: '0.94',
  ALL: '98.50',
  GBP: '0.85',
  MKD: '61.50',
  RSD: '117.20',
  BAM: '1.95583',
  TRY: '35.20',
  JPY: '162',
  KWD: '0.332',
  BHD: '0.407',
  SEK: '11.50',
  NOK: '11.70',
  DKK: '7.46',
  PLN: '4.30',
  HUF: '395',
  CZK: '25.20',
  CAD: '1.47',
  AUD: '1.63',
};

export interface DemoTariff {
  readonly fixed: bigint;
  readonly percent: string;
  readonly min: bigint;
  readonly max: bigint;
}

const eurTariff = { fixed: '0.10', percent: '0.1', min: '0.10', max: '2.00' };

/** Round figures where the bank would choose them; other currencies get EUR's, converted. */
const tariffTexts: Readonly<Record<string, typeof eurTariff>> = {
  EUR: eurTariff,
  USD: eurTariff,
  CHF: eurTariff,
  ALL: { fixed: '10.00', percent: '0.1', min: '10.00', max: '200.00' },
};

export function demoTariff(currency: string): DemoTariff {
  const texts = tariffTexts[currency];
  if (texts) {
    const amount = (text: string) => parseAmount(text, currency);
    return {
      fixed: amount(texts.fixed),
      percent: texts.percent,
      min: amount(texts.min),
      max: amount(texts.max),
    };
  }
  const rate = parseRate(demoRates[currency] ?? '1');
  const converted = (text: string) => convert(parseAmount(text, 'EUR'), 'EUR', currency, rate);
  return {
    fixed: converted(eurTariff.fixed),
    percent: eurTariff.percent,
    min: converted(eurTariff.min),
    max: converted(eurTariff.max),
  };
}
