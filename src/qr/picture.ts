/**
 * QR pictures of a payload for the screen and the share sheet (DESIGN.md §1 "Sharing"): PNG and
 * SVG through `qrcode`, which renders PNG with pure JavaScript (pngjs), so no native build.
 * Error correction M survives a screenshot, a re-compressed chat picture and a scuffed print;
 * the 4-module quiet zone is what ISO/IEC 18004 asks for and what camera scanners need.
 */
import QRCode from 'qrcode';
import { assert } from '../core/errors.ts';
import { payloadLengthMax } from './emv.ts';

export const pngSizeDefault = 512;
export const pngSizeMin = 128;
export const pngSizeMax = 2048;
export const quietZoneModules = 4;
const errorCorrectionLevel = 'M';

export interface PngOptions {
  /** Width and height in pixels. */
  readonly size?: number;
}

function checkPayload(payload: string): void {
  assert(typeof payload === 'string' && payload.length > 0, 'a payload to draw');
  assert(Array.from(payload).length <= payloadLengthMax, 'payload within payloadLengthMax');
}

export async function renderPng(payload: string, options: PngOptions = {}): Promise<Buffer> {
  checkPayload(payload);
  const size = options.size ?? pngSizeDefault;
  assert(Number.isInteger(size) && size >= pngSizeMin && size <= pngSizeMax, 'PNG size in range');
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel,
    margin: quietZoneModules,
    width: size,
  });
}

export async function renderSvg(payload: string): Promise<string> {
  checkPayload(payload);
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel, margin: quietZoneModules });
}
