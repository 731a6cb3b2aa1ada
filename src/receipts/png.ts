/**
 * The PNG receipt for the share sheet: an SVG drawing rasterised by resvg (WebAssembly shipped in
 * the npm package, nothing downloaded or compiled), with DejaVu Sans supplied as font data, so the
 * picture looks the same on every server whatever fonts the machine has.
 */
import { Resvg } from '@resvg/resvg-wasm';
import QRCode from 'qrcode';
import { resvgReady } from '../qr/resvg.ts';
import { receiptFonts } from './fonts.ts';
import type { IssuedReceipt } from './store.ts';
import { receiptLines, receiptTitle, refundTitle } from './text.ts';

export const receiptPngWidth = 720;

export async function renderReceiptPng(receipt: IssuedReceipt, verifyUrl: string): Promise<Buffer> {
  await resvgReady();
  const fonts = receiptFonts();
  const resvg = new Resvg(receiptSvg(receipt, verifyUrl), {
    fitTo: { mode: 'width', value: receiptPngWidth },
    font: {
      fontBuffers: [fonts.regular, fonts.bold],
      defaultFontFamily: 'DejaVu Sans',
      loadSystemFonts: false,
    },
  });
  const image = resvg.render();
  try {
    return Buffer.from(image.asPng());
  } finally {
    image.free();
    resvg.free();
  }
}

/** The drawing, 360 units wide (a phone screen), so text sizes read like the app's. */
export function receiptSvg(receipt: IssuedReceipt, verifyUrl: string): string {
  const { fields } = receipt;
  const title = fields.kind === 'refund' ? refundTitle : receiptTitle;
  const width = 360;
  const parts: string[] = [];
  let y = 44;
  parts.push(text(24, y, 'SmartPay', 22, 'bold', '#005999'));
  y += 24;
  parts.push(text(24, y, `${title.sq} · ${title.en}`, 13, 'normal', '#1a1f29'));
  y += 30;
  for (const line of receiptLines(fields)) {
    parts.push(text(24, y, line.sq, 12, 'bold', '#1a1f29'));
    parts.push(text(24, y + 14, line.en, 10, 'normal', '#616b7a'));
    parts.push(text(width - 24, y + 6, line.value, 13, 'bold', '#1a1f29', 'end'));
    y += 38;
  }
  const qrSize = 168;
  parts.push(qrGroup(verifyUrl, (width - qrSize) / 2, y, qrSize));
  y += qrSize + 20;
  parts.push(
    text(
      width / 2,
      y,
      'Skanoni për ta verifikuar · Scan to verify',
      10,
      'normal',
      '#616b7a',
      'middle',
    ),
  );
  parts.push(text(width / 2, y + 16, verifyUrl, 9, 'normal', '#005999', 'middle'));
  y += 40;
  parts.push(text(width / 2, y, `Ed25519 · ${receipt.keyId}`, 8, 'normal', '#616b7a', 'middle'));
  const height = y + 20;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`
  );
}

function text(
  x: number,
  y: number,
  content: string,
  size: number,
  weight: 'normal' | 'bold',
  fill: string,
  anchor: 'start' | 'middle' | 'end' = 'start',
): string {
  return (
    `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}" ` +
    `fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`
  );
}

function qrGroup(content: string, x: number, y: number, size: number): string {
  const { modules } = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const total = modules.size + 8; // 4-module quiet zone on each side
  let path = '';
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col)) path += `M${col + 4} ${row + 4}h1v1h-1z`;
  return (
    `<svg x="${x}" y="${y}" width="${size}" height="${size}" viewBox="0 0 ${total} ${total}" shape-rendering="crispEdges">` +
    `<rect width="${total}" height="${total}" fill="#ffffff"/><path d="${path}" fill="#000000"/></svg>`
  );
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
