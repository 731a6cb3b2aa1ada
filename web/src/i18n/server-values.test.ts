/**
 * Every value the server can send that a screen turns into text (`t(\`hold.status.${status}\`)`)
 * has that text in both languages. The source scan of texts.test.ts cannot see these keys: they
 * are built at run time. Each list below must name every value of the server's type (`satisfies`
 * refuses one missing or one extra), so a status added on the server fails the typecheck here
 * until it is listed, and then this test until both languages have its text.
 */
import { describe, expect, it } from 'vitest';
import type { EmvScheme, ScanKind } from '../../../src/qr/classify.ts';
import type { Payment, PaymentHold, Profile, RefundRequest, RequestStatus } from '../api/types.ts';
import en from './en.json' with { type: 'json' };
import sq from './sq.json' with { type: 'json' };

type Texts = { readonly [key: string]: string | Texts };

const every = <T extends string>(values: Record<T, true>): T[] => Object.keys(values) as T[];

const keysFromServerValues = [
  ...every<RequestStatus>({ open: true, closed: true, cancelled: true, expired: true }).flatMap(
    (status) => [`status.${status}`, `requests.filter.${status}`],
  ),
  ...every<PaymentHold['status']>({
    held: true,
    released: true,
    cancelled: true,
    refused: true,
  }).map((status) => `hold.status.${status}`),
  ...every<RefundRequest['status']>({ open: true, accepted: true, declined: true }).map(
    (status) => `refund.status.${status}`,
  ),
  ...every<Payment['kind']>({ account: true, request: true, refund: true }).map(
    (kind) => `receipt.kinds.${kind}`,
  ),
  ...every<Profile['level']>({ full: true, partial: true }).map(
    (level) => `profile.level.${level}`,
  ),
  ...every<Exclude<ScanKind, 'emvco'>>({
    smartpay: true,
    epc: true,
    upi: true,
    url: true,
    text: true,
    empty: true,
  }).flatMap((kind) => [`explain.kinds.${kind}.title`, `explain.kinds.${kind}.text`]),
  ...every<EmvScheme>({
    pix: true,
    promptpay: true,
    sgqr: true,
    paynow: true,
    duitnow: true,
    qris: true,
    upi: true,
    card: true,
    other: true,
  }).flatMap((scheme) => [
    `explain.kinds.emvco.${scheme}.title`,
    `explain.kinds.emvco.${scheme}.text`,
  ]),
];

function textAt(texts: Texts, key: string): string | undefined {
  let node: Texts | string | undefined = texts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

describe('the server’s values have their texts', () => {
  it.each([
    ['sq', sq as Texts],
    ['en', en as Texts],
  ])('%s names every status, kind and level the server sends', (language, texts) => {
    const missing = keysFromServerValues.filter((key) => !textAt(texts, key)?.trim());
    expect(missing, `${language} lacks`).toEqual([]);
  });
});
