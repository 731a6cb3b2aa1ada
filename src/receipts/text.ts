/**
 * The words on a receipt, in Albanian with English beside them: a receipt is shown to someone
 * else, who may read either. Formatting of times is the bank's (Europe/Belgrade).
 */
import { bankTimeZone } from '../core/clock.ts';
import { type ReceiptFields, formatReference } from './fields.ts';

export const receiptTitle = { sq: 'Dëshmi pagese', en: 'Payment receipt' } as const;
export const refundTitle = { sq: 'Dëshmi kthimi', en: 'Refund receipt' } as const;

export interface ReceiptLine {
  readonly sq: string;
  readonly en: string;
  readonly value: string;
}

/** "15.06.2026 12:00" in the bank's time zone, as the app shows times. */
export function bankDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: bankTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
}

/** The lines every rendering of a receipt shows, in order. */
export function receiptLines(fields: ReceiptFields): ReceiptLine[] {
  const lines: ReceiptLine[] = [
    { sq: 'Paguesi', en: 'Payer', value: fields.payer },
    { sq: 'Përfituesi', en: 'Payee', value: fields.payee },
    { sq: 'Shuma', en: 'Amount', value: `${fields.amount} ${fields.currency}` },
    { sq: 'Komisioni', en: 'Fee', value: `${fields.fee} ${fields.feeCurrency}` },
  ];
  if (fields.rate)
    lines.push({
      sq: 'Kursi',
      en: 'Rate',
      // As the quote shows it: one unit of the payer's currency in the payee's.
      value: `1 ${fields.feeCurrency} = ${fields.rate} ${fields.currency}`,
    });
  lines.push(
    { sq: 'Data dhe ora', en: 'Date and time', value: bankDateTime(fields.paidAt) },
    { sq: 'Referenca', en: 'Reference', value: formatReference(fields.reference) },
  );
  if (fields.refundOf)
    lines.push({ sq: 'Kthim i', en: 'Refund of', value: formatReference(fields.refundOf) });
  return lines;
}

export function verificationUrl(publicOrigin: string, reference: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/verify/${reference}`;
}
