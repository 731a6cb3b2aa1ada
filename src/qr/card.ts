/**
 * The card a payee shares (issue 13, point 7): the QR code with the payee's masked name, the
 * amount and currency (or "the payer types the amount"), "valid until" for a request, the bank's
 * name and a short "scan with SmartPay" line. Drawn as SVG, rasterised to PNG by resvg
 * (WebAssembly inside its npm package), with DejaVu Sans from npm as font data (every letter of
 * Albanian), so the picture is the same on every machine and needs no system fonts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-wasm';
import QRCode from 'qrcode';
import { assert } from '../core/errors.ts';
import { payloadLengthMax } from './emv.ts';
import { pngSizeMax, pngSizeMin, quietZoneModules } from './picture.ts';
import { resvgReady } from './resvg.ts';

export type CardLanguage = 'sq' | 'en';

export interface CardContent {
  readonly payload: string;
  readonly bankName: string;
  /** Masked, e.g. "Arta K." */
  readonly payeeName: string;
  readonly currency: string;
  /** Decimal text ("9.99"); null for an account code, whose payer types the amount. */
  readonly amount: string | null;
  readonly validUntil: Date | null;
  readonly language: CardLanguage;
}

const width = 600;
const height = 900;
export const cardWidthDefault = 720;

const texts = {
  sq: {
    validUntil: 'Vlen deri',
    openAmount: 'Shumën e vendos paguesi',
    scan: 'Skanoni me SmartPay për të paguar',
  },
  en: {
    validUntil: 'Valid until',
    openAmount: 'The payer enters the amount',
    scan: 'Scan with SmartPay to pay',
  },
} as const;

/** "1234.50" → "1.234,50 EUR" in Albanian, "1,234.50 EUR" in English: digits never recomputed. */
export function cardMoney(amount: string, currency: string, language: CardLanguage): string {
  const [whole = '0', fraction] = amount.split('.');
  const [group, decimal] = language === 'en' ? [',', '.'] : ['.', ','];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${grouped}${fraction === undefined ? '' : decimal + fraction} ${currency}`;
}

/** The bank's local time (Europe/Belgrade), day first: "02.12.2026 14:30". */
export function cardDateTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Belgrade',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

async function qrSvg(payload: string, x: number, y: number, size: number): Promise<string> {
  assert(Array.from(payload).length <= payloadLengthMax, 'payload within payloadLengthMax');
  const svg = await QRCode.toString(payload, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: quietZoneModules,
  });
  const element = svg.slice(svg.indexOf('<svg'));
  return element.replace('<svg ', `<svg x="${x}" y="${y}" width="${size}" height="${size}" `);
}

export async function renderCardSvg(card: CardContent): Promise<string> {
  const words = texts[card.language];
  const text = (y: number, size: number, weight: number, fill: string, content: string) =>
    `<text x="${width / 2}" y="${y}" text-anchor="middle" font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(content)}</text>`;
  // The largest amounts ("999.999.999,99 EUR") still fit the card's width.
  const moneyLine = (money: string) =>
    text(700, money.length > 14 ? 38 : 52, 700, '#101828', money);
  const amountLine =
    card.amount === null
      ? text(690, 30, 400, '#475467', `${words.openAmount} (${card.currency})`)
      : moneyLine(cardMoney(card.amount, card.currency, card.language));
  const validLine = card.validUntil
    ? text(752, 26, 400, '#475467', `${words.validUntil} ${cardDateTime(card.validUntil)}`)
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" rx="36" fill="#ffffff"/>`,
    `<path d="M0 36a36 36 0 0 1 36-36h528a36 36 0 0 1 36 36v84H0z" fill="#0b3a6e"/>`,
    text(60, 30, 700, '#ffffff', card.bankName),
    text(98, 22, 600, '#2ee6c5', 'SmartPay'),
    await qrSvg(card.payload, 110, 150, 380),
    text(612, 40, 700, '#101828', card.payeeName),
    amountLine,
    validLine,
    `<rect x="30" y="800" width="540" height="60" rx="30" fill="#e8eef7"/>`,
    text(840, 21, 600, '#0b3a6e', words.scan),
    '</svg>',
  ].join('');
}

const require = createRequire(import.meta.url);
let fonts: Uint8Array[] | undefined;

function fontBuffers(): Uint8Array[] {
  fonts ??= ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
    readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)),
  );
  return fonts;
}

export async function renderCardPng(
  card: CardContent,
  pixelWidth = cardWidthDefault,
): Promise<Buffer> {
  assert(
    Number.isInteger(pixelWidth) && pixelWidth >= pngSizeMin && pixelWidth <= pngSizeMax,
    'card width in range',
  );
  const svg = await renderCardSvg(card);
  await resvgReady();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: pixelWidth },
    font: { fontBuffers: fontBuffers(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  const image = resvg.render();
  try {
    return Buffer.from(image.asPng());
  } finally {
    image.free();
    resvg.free();
  }
}
