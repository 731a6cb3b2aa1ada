/**
 * Reads the few EMVCo fields the payer's screen needs before asking the server for a quote:
 * whether the code is an account code (the payer types the amount) or a request, its currency
 * and the payee's display name. A display copy only (DESIGN.md §3): the server checks the CRC
 * and MAC and its quote is what the confirmation screen shows.
 */
import { currencies } from '../../../src/core/currencies.ts';

export interface PayloadSummary {
  readonly kind: 'account' | 'request';
  readonly currency: string | undefined;
  readonly payeeName: string | undefined;
}

export function summarizePayload(payload: string): PayloadSummary | undefined {
  const fields = readTlv(payload.trim());
  if (!fields || fields.get('00') !== '01') return undefined;
  const method = fields.get('01');
  if (method !== '11' && method !== '12') return undefined;
  const numeric = fields.get('53');
  const language = readTlv(fields.get('64') ?? '');
  return {
    kind: method === '11' ? 'account' : 'request',
    currency: currencies.find((info) => info.numeric === numeric)?.code,
    payeeName: language?.get('01') ?? fields.get('59'),
  };
}

/** Tag, length, value; lengths count characters (code points), as EMVCo and src/qr/emv.ts do. */
function readTlv(text: string): Map<string, string> | undefined {
  const chars = Array.from(text);
  const fields = new Map<string, string>();
  let at = 0;
  while (at < chars.length) {
    const tag = chars.slice(at, at + 2).join('');
    const lengthText = chars.slice(at + 2, at + 4).join('');
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(lengthText)) return undefined;
    const end = at + 4 + Number.parseInt(lengthText, 10);
    if (end > chars.length) return undefined;
    fields.set(tag, chars.slice(at + 4, end).join(''));
    at = end;
  }
  return fields;
}
