/**
 * The PDF receipt (pdf-lib, pure JavaScript). Besides what it prints, the document carries the
 * signed fields and the signature in its information dictionary (key /SmartPayReceipt), so
 * `smartpay receipt verify file.pdf` can check it offline with the published public key.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatReference, parseReceiptFields } from './fields.ts';
import { receiptFonts } from './fonts.ts';
import type { IssuedReceipt } from './store.ts';
import { receiptLines, receiptTitle, refundTitle } from './text.ts';

export const receiptMetadataKey = 'SmartPayReceipt';
/** A5 portrait, in points. */
const pageSize: [number, number] = [419.53, 595.28];
const margin = 36;
const ink = rgb(0.1, 0.12, 0.16);
const muted = rgb(0.38, 0.42, 0.48);
const brand = rgb(0.0, 0.35, 0.6);

export interface ReceiptPdfInput {
  readonly receipt: IssuedReceipt;
  readonly verifyUrl: string;
}

export async function renderReceiptPdf(input: ReceiptPdfInput): Promise<Uint8Array> {
  const { fields } = input.receipt;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const fonts = receiptFonts();
  const regular = await doc.embedFont(fonts.regular, { subset: true });
  const bold = await doc.embedFont(fonts.bold, { subset: true });
  const page = doc.addPage(pageSize);
  const [width, height] = pageSize;
  const title = fields.kind === 'refund' ? refundTitle : receiptTitle;
  let y = height - margin - 20;
  page.drawText('SmartPay', { x: margin, y, size: 20, font: bold, color: brand });
  y -= 22;
  page.drawText(`${title.sq} · ${title.en}`, { x: margin, y, size: 12, font: regular, color: ink });
  y -= 30;
  for (const line of receiptLines(fields)) {
    page.drawText(line.sq, { x: margin, y, size: 10, font: bold, color: ink });
    page.drawText(line.en, { x: margin, y: y - 12, size: 8, font: regular, color: muted });
    drawRight(page, line.value, width - margin, y - 4, 12, bold);
    y -= 34;
  }
  const qrSize = 150;
  drawQr(page, input.verifyUrl, (width - qrSize) / 2, y - qrSize, qrSize);
  y -= qrSize + 16;
  centre(page, 'Skanoni për ta verifikuar · Scan to verify', width, y, 9, regular, muted);
  centre(page, input.verifyUrl, width, y - 13, 8, regular, brand);
  centre(
    page,
    `Nënshkruar me Ed25519 · Signed with Ed25519 · ${input.receipt.keyId}`,
    width,
    margin,
    7,
    regular,
    muted,
  );
  setMetadata(doc, input.receipt);
  return doc.save({ useObjectStreams: false });
}

type Page = ReturnType<PDFDocument['addPage']>;

function drawRight(
  page: Page,
  text: string,
  right: number,
  y: number,
  size: number,
  font: PDFFont,
) {
  page.drawText(text, { x: right - font.widthOfTextAtSize(text, size), y, size, font, color: ink });
}

function centre(
  page: Page,
  text: string,
  width: number,
  y: number,
  size: number,
  font: PDFFont,
  color: ReturnType<typeof rgb>,
) {
  page.drawText(text, {
    x: (width - font.widthOfTextAtSize(text, size)) / 2,
    y,
    size,
    font,
    color,
  });
}

/** The QR as vector squares: sharp at any zoom and in any print. */
function drawQr(page: Page, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 8); // 4-module quiet zone on each side
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col))
        page.drawRectangle({
          x: x + (col + 4) * cell,
          y: y + size - (row + 5) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
}

function setMetadata(doc: PDFDocument, receipt: IssuedReceipt): void {
  const { fields } = receipt;
  const title = fields.kind === 'refund' ? refundTitle : receiptTitle;
  doc.setTitle(`SmartPay ${title.en} ${formatReference(fields.reference)}`);
  doc.setAuthor('SmartPay');
  doc.setProducer('SmartPay');
  doc.setCreator('SmartPay');
  // The payment's time, not the rendering's: the same receipt always renders the same bytes.
  doc.setCreationDate(new Date(fields.paidAt));
  doc.setModificationDate(new Date(fields.paidAt));
  const signed = JSON.stringify({
    fields,
    keyId: receipt.keyId,
    signature: receipt.signature,
  });
  infoDict(doc).set(PDFName.of(receiptMetadataKey), PDFHexString.fromText(signed));
}

function infoDict(doc: PDFDocument): PDFDict {
  return doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
}

/**
 * The signed receipt inside a PDF, or undefined when the file is not a PDF or carries none.
 * Only reads: whether it is genuine is the signature check's business.
 */
export async function readReceiptFromPdf(bytes: Uint8Array): Promise<IssuedReceipt | undefined> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch {
    return undefined;
  }
  const value = infoDict(doc).lookup(PDFName.of(receiptMetadataKey));
  if (!(value instanceof PDFHexString) && !(value instanceof PDFString)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.decodeText());
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { fields, keyId, signature } = parsed as Record<string, unknown>;
  const valid = parseReceiptFields(fields);
  if (!valid || typeof keyId !== 'string' || typeof signature !== 'string') return undefined;
  return { fields: valid, keyId, signature };
}
