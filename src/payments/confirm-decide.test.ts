import { describe, expect, it } from 'vitest';
import type { ConfirmFacts } from './confirm-read.ts';
import { confirmOutcomes, confirmRefusal, decideConfirm } from './confirm-decide.ts';

const now = new Date('2026-06-15T10:00:00Z');
const later = new Date('2026-06-15T10:01:00Z');
const limits = { perPaymentEur: 8_000_00n, perDayEur: 16_000_00n, countPerDay: 3 };

function facts(change: {
  quote?: Partial<ConfirmFacts['quote']>;
  code?: Partial<ConfirmFacts['code']>;
  payee?: Partial<ConfirmFacts['payee']>;
  payer?: Partial<ConfirmFacts['payer']>;
  usage?: Partial<ConfirmFacts['usage']>;
  assurance?: Partial<ConfirmFacts['assurance']>;
}): ConfirmFacts {
  return {
    quote: {
      id: 'q',
      codeId: 'c',
      amountMinor: 10_00n,
      currency: 'EUR',
      debitMinor: 10_00n,
      debitCurrency: 'EUR',
      feeMinor: 20n,
      rate: null,
      eurMinor: 10_00n,
      expiresAt: later,
      usedAt: null,
      ...change.quote,
    },
    code: { kind: 'request', status: 'open', expiresAt: later, note: null, ...change.code },
    payee: {
      qrAccountId: 'ya',
      accountStatus: 'open',
      customerId: 'payee',
      bankAccountId: 'payee-account',
      name: 'Arta K.',
      ...change.payee,
    },
    payer: {
      qrAccountId: 'pa',
      accountStatus: 'open',
      bankAccountId: 'payer-account',
      name: 'Besnik G.',
      balanceMinor: 10_20n,
      overdraftMinor: 0n,
      ...change.payer,
    },
    usage: { eurMinor: 0n, payments: 0, ...change.usage },
    assurance: {
      firstTimePayee: false,
      duplicateSuspected: false,
      coolingOff: null,
      ...change.assurance,
    },
  };
}

describe('the decision of a confirm', () => {
  it('accepts a payment that fits, to the last cent of balance plus overdraft', () => {
    expect(decideConfirm(facts({}), limits, now)).toBe('ok');
    expect(
      decideConfirm(facts({ payer: { balanceMinor: 0n, overdraftMinor: 10_20n } }), limits, now),
    ).toBe('ok');
  });

  it('gives each refusal its outcome', () => {
    const cases: Array<[Parameters<typeof facts>[0] | undefined, string]> = [
      [undefined, 'quote_not_found'],
      [{ quote: { usedAt: now } }, 'quote_used'],
      [{ quote: { expiresAt: now } }, 'quote_expired'],
      [{ payee: { accountStatus: 'deleted' } }, 'qr_account_not_valid'],
      [{ code: { status: 'cancelled' } }, 'qr_cancelled'],
      [{ code: { status: 'closed' } }, 'qr_used'],
      [{ code: { expiresAt: now } }, 'qr_expired'],
      [{ payer: { accountStatus: 'deleted' } }, 'payer_account_not_found'],
      [{ payee: { bankAccountId: 'payer-account' } }, 'same_account'],
      [{ quote: { eurMinor: 8_000_01n } }, 'limit_per_payment'],
      [{ usage: { payments: 3 } }, 'limit_count_per_day'],
      [{ usage: { eurMinor: 15_990_01n } }, 'limit_per_day'],
      [{ payer: { balanceMinor: 10_19n } }, 'insufficient_funds'],
    ];
    for (const [change, outcome] of cases)
      expect(decideConfirm(change && facts(change), limits, now)).toBe(outcome);
  });

  it('answers with the first refusal in the order of precedence', () => {
    const everythingWrong = facts({
      quote: { usedAt: now, expiresAt: now, eurMinor: 9_000_00n },
      code: { status: 'cancelled' },
      payee: { accountStatus: 'deleted', bankAccountId: 'payer-account' },
      payer: { accountStatus: 'deleted', balanceMinor: 0n },
      usage: { payments: 5 },
    });
    expect(decideConfirm(everythingWrong, limits, now)).toBe('quote_used');
    const sameButUnused = facts({
      payee: { bankAccountId: 'payer-account' },
      quote: { eurMinor: 9_000_00n },
      payer: { balanceMinor: 0n },
    });
    expect(decideConfirm(sameButUnused, limits, now)).toBe('same_account');
    expect(confirmOutcomes.indexOf('same_account')).toBeLessThan(
      confirmOutcomes.indexOf('limit_per_payment'),
    );
  });

  it('asks again about a suspected duplicate, and holds a first payment above the cooling-off threshold', () => {
    const duplicate = facts({ assurance: { duplicateSuspected: true } });
    expect(decideConfirm(duplicate, limits, now)).toBe('duplicate_suspected');
    expect(decideConfirm(duplicate, limits, now, { confirmDuplicate: true })).toBe('ok');
    expect(confirmRefusal('duplicate_suspected', duplicate, limits).code).toBe(
      'DUPLICATE_SUSPECTED',
    );
    // A payment that cannot be made is refused for that reason, not asked about.
    const poorDuplicate = facts({
      assurance: { duplicateSuspected: true },
      payer: { balanceMinor: 0n },
    });
    expect(decideConfirm(poorDuplicate, limits, now)).toBe('insufficient_funds');
    const coolingOff = { thresholdEurMinor: 9_99n, delayMinutes: 30 };
    expect(
      decideConfirm(facts({ assurance: { firstTimePayee: true, coolingOff } }), limits, now),
    ).toBe('held');
    // Not the first payment to this payee, or not above the threshold: paid at once.
    expect(decideConfirm(facts({ assurance: { coolingOff } }), limits, now)).toBe('ok');
    expect(
      decideConfirm(
        facts({
          quote: { eurMinor: 9_99n },
          assurance: { firstTimePayee: true, coolingOff },
        }),
        limits,
        now,
      ),
    ).toBe('ok');
    expect(confirmOutcomes.indexOf('insufficient_funds')).toBeLessThan(
      confirmOutcomes.indexOf('duplicate_suspected'),
    );
  });

  it('speaks of money as decimal strings with their currency', () => {
    const poor = facts({
      quote: { debitCurrency: 'USD' },
      payer: { balanceMinor: 5_00n, overdraftMinor: 2_50n },
    });
    expect(confirmRefusal('insufficient_funds', poor, limits).details).toEqual({
      available: '7.50',
      currency: 'USD',
    });
    expect(
      confirmRefusal('limit_per_day', facts({ usage: { eurMinor: 15_000_00n } }), limits).details,
    ).toEqual({ limit: '16000.00', remaining: '1000.00', currency: 'EUR' });
  });
});
