import { describe, expect, it } from 'vitest';
import { receiptLines } from './text.ts';

describe('receipt lines', () => {
  it('a cross-currency receipt states the rate as the quote did: 1 of the payer’s currency in the payee’s', () => {
    // A USD account paid 10.00 EUR at 0.92592593 EUR per USD (debit 10.80 USD).
    const lines = receiptLines({
      version: 1,
      kind: 'payment',
      reference: '01J8Z3N4W0000000000000000A',
      payer: 'Dua D.',
      payee: 'Arta K.',
      amount: '10.00',
      currency: 'EUR',
      fee: '0.00',
      feeCurrency: 'USD',
      rate: '0.92592593',
      paidAt: '2026-06-15T10:00:00.000Z',
      refundOf: null,
    });
    expect(lines.find((line) => line.en === 'Rate')?.value).toBe('1 USD = 0.92592593 EUR');
  });
});
