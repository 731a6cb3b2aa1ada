/** Sample payloads and the tools to take them apart and forge them, for the codec tests. */
import { encodeTlv, parseTlv, tlv, withCrc } from '../../src/qr/emv.ts';
import { type PayloadInput, encodeSmartPayPayload } from '../../src/qr/payload.ts';

export const sampleReference = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const sampleSigning = { schemeId: 'xk.bank.smartpay', keys: { current: 'key-current' } };

export const sampleRequest: PayloadInput = {
  kind: 'request',
  reference: sampleReference,
  currency: 'EUR',
  amountMinor: 1250n,
  payeeName: 'Ëlira Ç.',
  city: 'Prishtinë',
  country: 'XK',
  note: 'Drekë',
};

export const sampleAccountCode: PayloadInput = {
  ...sampleRequest,
  kind: 'account',
  amountMinor: null,
  note: null,
};

export const encodedRequest = encodeSmartPayPayload(sampleRequest, sampleSigning);
export const encodedAccountCode = encodeSmartPayPayload(sampleAccountCode, sampleSigning);

export function fieldsOf(text: string): Map<string, string> {
  return new Map(parseTlv(text).map((field) => [field.tag, field.value]));
}

export function encodeFields(fields: Map<string, string>): string {
  return encodeTlv([...fields].map(([tag, value]) => tlv(tag, value)));
}

/** Edits the payload's fields and recomputes the CRC, as a careful forger would. */
export function edit(payload: string, change: (fields: Map<string, string>) => void): string {
  const fields = fieldsOf(payload.slice(0, -8));
  change(fields);
  return withCrc(encodeFields(fields));
}

/** Sets (or with no value, removes) a field inside a template such as 26, 62 or 64. */
export function setSub(fields: Map<string, string>, tag: string, sub: string, value?: string) {
  const inner = fieldsOf(fields.get(tag) ?? '');
  if (value === undefined) inner.delete(sub);
  else inner.set(sub, value);
  fields.set(tag, encodeFields(inner));
}

/** The QR_INVALID reason an action throws, "accepted" if it throws nothing, else the error. */
export function reasonOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    const { code, details } = error as { code?: string; details?: { reason?: string } };
    return code === 'QR_INVALID' ? details?.reason : error;
  }
  return 'accepted';
}
