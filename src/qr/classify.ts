/**
 * What a scanned or pasted code is (issue 14 §5): a SmartPay code, another EMVCo merchant code
 * (Pix, PromptPay, SGQR, PayNow, …), an EPC/SEPA credit transfer, a UPI link, a web address or
 * plain text. Pure and tolerant: it never refuses, it describes, so the app can say "this is a
 * Pix code from Brazil; SmartPay cannot pay it" instead of "invalid". Shared by the server and
 * the web app (no I/O, no Node APIs). Whether a SmartPay code is genuine is the server's call
 * (CRC, MAC and the stored record, in qr/resolve.ts): here it is only recognised by its shape.
 */
import { currencies } from '../core/currencies.ts';

export type ScanKind = 'smartpay' | 'emvco' | 'epc' | 'upi' | 'url' | 'text' | 'empty';

/** Known EMVCo merchant schemes, by the globally unique id of their merchant account template. */
export type EmvScheme =
  'pix' | 'promptpay' | 'sgqr' | 'paynow' | 'duitnow' | 'qris' | 'upi' | 'card' | 'other';

export interface ScanClassification {
  readonly kind: ScanKind;
  /** Only SmartPay codes can be paid here (and only once the server has checked them). */
  readonly payable: boolean;
  readonly scheme?: EmvScheme;
  /** The scheme's identifier as the code carries it (GUID, AID or reverse domain). */
  readonly schemeId?: string;
  /** What the code says, for the explanation; display only, never trusted. */
  readonly payee?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly country?: string;
  readonly city?: string;
  readonly iban?: string;
  readonly upiAddress?: string;
  readonly host?: string;
  /** EMVCo only: whether the CRC in tag 63 matches (a damaged or hand-edited code does not). */
  readonly checksumOk?: boolean;
}

export interface ClassifyOptions {
  /** The bank's own scheme id (tag 26/00); any id ending in ".smartpay" is also taken as ours. */
  readonly schemeId?: string;
}

/** Longest text worth describing; a QR code holds at most about 4,300 characters. */
export const scanTextLengthMax = 4_296;

export function classifyScan(input: string, options: ClassifyOptions = {}): ScanClassification {
  const text = input.slice(0, scanTextLengthMax).trim();
  if (text === '') return { kind: 'empty', payable: false };
  return (
    classifyEmv(text, options) ??
    classifyEpc(text) ??
    classifyUpi(text) ??
    classifyUrl(text) ?? { kind: 'text', payable: false }
  );
}

// ---------- EMVCo merchant-presented codes ----------

/** AIDs and GUIDs of merchant account templates (tags 26–51), upper-cased for comparison. */
const schemeIds: readonly [string, EmvScheme][] = [
  ['BR.GOV.BCB.PIX', 'pix'],
  ['A000000677010111', 'promptpay'], // PromptPay credit transfer (Thailand)
  ['A000000677010112', 'promptpay'], // PromptPay bill payment
  ['A000000677010113', 'promptpay'],
  ['A000000677010114', 'promptpay'],
  ['SG.SGQR', 'sgqr'],
  ['SG.PAYNOW', 'paynow'],
  ['SG.COM.NETS', 'sgqr'],
  ['A0000006150001', 'duitnow'], // DuitNow (Malaysia)
  ['ID.CO.QRIS.WWW', 'qris'],
  ['A000000524', 'upi'],
];

function classifyEmv(text: string, options: ClassifyOptions): ScanClassification | undefined {
  if (!text.startsWith('000201')) return undefined;
  const fields = readTlv(text);
  if (!fields) return undefined;
  const smartpay = smartPayTemplate(fields, options);
  const common = {
    ...optional('payee', readName(fields)),
    ...optional('amount', fields.get('54')),
    ...optional('currency', currencyOf(fields.get('53'))),
    ...optional('country', fields.get('58')),
    ...optional('city', fields.get('60')),
    checksumOk: checksumOk(text),
  };
  if (smartpay) return { kind: 'smartpay', payable: true, schemeId: smartpay, ...common };
  const [scheme, schemeId] = merchantScheme(fields);
  return { kind: 'emvco', payable: false, scheme, ...optional('schemeId', schemeId), ...common };
}

function smartPayTemplate(
  fields: Map<string, string>,
  options: ClassifyOptions,
): string | undefined {
  const id = readTlv(fields.get('26') ?? '')?.get('00');
  if (!id) return undefined;
  const ours = id === options.schemeId || /(^|\.)smartpay$/i.test(id);
  const method = fields.get('01');
  return ours && (method === '11' || method === '12') ? id : undefined;
}

function merchantScheme(fields: Map<string, string>): [EmvScheme, string | undefined] {
  let first: string | undefined;
  for (let tag = 26; tag <= 51; tag++) {
    const template = readTlv(fields.get(String(tag)) ?? '');
    const id = template?.get('00');
    if (!id) continue;
    first ??= id;
    const known = schemeIds.find(([prefix]) => id.toUpperCase().startsWith(prefix));
    if (known) return [known[1], id];
  }
  // Tags 02–25 are reserved for card networks (Visa, Mastercard, UnionPay, …).
  for (let tag = 2; tag <= 25; tag++)
    if (fields.has(String(tag).padStart(2, '0'))) return ['card', first];
  return ['other', first];
}

function readName(fields: Map<string, string>): string | undefined {
  return readTlv(fields.get('64') ?? '')?.get('01') ?? fields.get('59');
}

function currencyOf(numeric: string | undefined): string | undefined {
  if (!numeric) return undefined;
  return currencies.find((c) => c.numeric === numeric)?.code ?? otherCurrencies[numeric] ?? numeric;
}

/** Currencies of the schemes above that the bank does not hold, for the explanation only. */
const otherCurrencies: Readonly<Record<string, string>> = {
  '986': 'BRL',
  '764': 'THB',
  '702': 'SGD',
  '458': 'MYR',
  '360': 'IDR',
  '356': 'INR',
  '344': 'HKD',
  '156': 'CNY',
  '704': 'VND',
  '608': 'PHP',
};

/** Tag, length, value; lengths count code points. Undefined when the text is not TLV. */
function readTlv(text: string): Map<string, string> | undefined {
  if (text === '') return undefined;
  const chars = Array.from(text);
  const fields = new Map<string, string>();
  let at = 0;
  while (at < chars.length) {
    const tag = chars.slice(at, at + 2).join('');
    const length = chars.slice(at + 2, at + 4).join('');
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(length)) return undefined;
    const end = at + 4 + Number.parseInt(length, 10);
    if (end > chars.length) return undefined;
    if (!fields.has(tag)) fields.set(tag, chars.slice(at + 4, end).join(''));
    at = end;
  }
  return fields;
}

/** CRC-16/CCITT-FALSE over the UTF-8 bytes up to and including "6304" (EMVCo MPM §4.7.3). */
function checksumOk(text: string): boolean {
  const at = text.lastIndexOf('6304');
  if (at < 0 || at + 8 !== text.length) return false;
  const bytes = new TextEncoder().encode(text.slice(0, at + 4));
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0') === text.slice(at + 4).toUpperCase();
}

// ---------- EPC QR (SEPA credit transfer, EPC069-12) ----------

function classifyEpc(text: string): ScanClassification | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'BCD' || !/^00[12]$/.test(lines[1]?.trim() ?? '')) return undefined;
  const line = (index: number) => lines[index]?.trim() || undefined;
  const money = /^([A-Z]{3})(\d+(?:\.\d{1,2})?)$/.exec(line(7) ?? '');
  return {
    kind: 'epc',
    payable: false,
    ...optional('payee', line(5)),
    ...optional('iban', line(6)?.replace(/\s+/g, '')),
    ...optional('currency', money?.[1]),
    ...optional('amount', money?.[2]),
  };
}

// ---------- UPI (India) ----------

function classifyUpi(text: string): ScanClassification | undefined {
  if (!/^upi:\/\//i.test(text)) return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(text).searchParams;
  } catch {
    return { kind: 'upi', payable: false };
  }
  return {
    kind: 'upi',
    payable: false,
    ...optional('upiAddress', params.get('pa') ?? undefined),
    ...optional('payee', params.get('pn') ?? undefined),
    ...optional('amount', params.get('am') ?? undefined),
    ...optional('currency', params.get('cu') ?? (params.get('am') ? 'INR' : undefined)),
  };
}

// ---------- Web addresses ----------

function classifyUrl(text: string): ScanClassification | undefined {
  if (!/^https?:\/\/\S+$/i.test(text)) return undefined;
  try {
    return { kind: 'url', payable: false, host: new URL(text).host };
  } catch {
    return undefined;
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}
