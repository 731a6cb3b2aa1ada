/**
 * The history as a PDF (the same rows and filters as the CSV export): a table per A4 page,
 * newest first, with the period and the filters in the heading.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import type { ExportFilter } from '../payments/history.ts';
import type { Payment } from '../payments/views.ts';
import { receiptFonts } from './fonts.ts';
import { bankDateTime } from './text.ts';

const pageSize: [number, number] = [595.28, 841.89];
const margin = 40;
const rowHeight = 18;
const ink = rgb(0.1, 0.12, 0.16);
const muted = rgb(0.38, 0.42, 0.48);

/** Columns: label (sq / en), left edge, and whether the value is right-aligned at `right`. */
const columns = [
  { sq: 'Data', en: 'Date', x: margin },
  { sq: 'Drejtimi', en: 'Direction', x: margin + 90 },
  { sq: 'Pala tjetër', en: 'Counterparty', x: margin + 160 },
  { sq: 'Shuma', en: 'Amount', right: margin + 390 },
  { sq: 'Komisioni', en: 'Fee', right: pageSize[0] - margin },
] as const;

export async function renderHistoryPdf(
  views: readonly Payment[],
  filter: ExportFilter,
  generatedAt: Date,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = receiptFonts();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  doc.setTitle(`SmartPay ${filter.from} – ${filter.to}`);
  doc.setProducer('SmartPay');
  doc.setCreationDate(generatedAt);
  let page = newPage(doc, filter, bold, regular);
  let y = pageSize[1] - margin - 84;
  if (views.length === 0)
    page.drawText('Asnjë pagesë · No payments', {
      x: margin,
      y,
      size: 10,
      font: regular,
      color: muted,
    });
  for (const view of views) {
    if (y < margin + rowHeight) {
      page = newPage(doc, filter, bold, regular);
      y = pageSize[1] - margin - 84;
    }
    drawRow(page, view, y, regular);
    y -= rowHeight;
  }
  return doc.save({ useObjectStreams: false });
}

function newPage(doc: PDFDocument, filter: ExportFilter, bold: PDFFont, regular: PDFFont): PDFPage {
  const page = doc.addPage(pageSize);
  const top = pageSize[1] - margin;
  page.drawText('SmartPay', {
    x: margin,
    y: top - 16,
    size: 16,
    font: bold,
    color: rgb(0, 0.35, 0.6),
  });
  const direction =
    filter.direction === 'incoming'
      ? ' · Hyrjet / Incoming'
      : filter.direction === 'outgoing'
        ? ' · Dalëse / Outgoing'
        : '';
  page.drawText(`Historiku · History  ${filter.from} – ${filter.to}${direction}`, {
    x: margin,
    y: top - 34,
    size: 10,
    font: regular,
    color: ink,
  });
  const headY = top - 62;
  for (const column of columns) {
    const label = `${column.sq} / ${column.en}`;
    const x = 'right' in column ? column.right - bold.widthOfTextAtSize(label, 8) : column.x;
    page.drawText(label, { x, y: headY, size: 8, font: bold, color: muted });
  }
  page.drawLine({
    start: { x: margin, y: headY - 6 },
    end: { x: pageSize[0] - margin, y: headY - 6 },
    thickness: 0.5,
    color: muted,
  });
  return page;
}

function drawRow(page: PDFPage, view: Payment, y: number, font: PDFFont): void {
  const sign = view.direction === 'outgoing' ? '−' : '+';
  const values = [
    bankDateTime(view.createdAt),
    view.direction === 'outgoing' ? 'Dalëse / Out' : 'Hyrëse / In',
    view.counterparty.name,
    `${sign}${view.amount} ${view.currency}`,
    view.fee ? `${view.fee.amount} ${view.fee.currency}` : '',
  ];
  columns.forEach((column, index) => {
    const text = values[index] ?? '';
    const x = 'right' in column ? column.right - font.widthOfTextAtSize(text, 9) : column.x;
    page.drawText(text, { x, y, size: 9, font, color: ink });
  });
}
