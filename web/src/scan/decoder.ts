/**
 * QR decoding on the device with ZXing (zxing-wasm). Its .wasm file is bundled by Vite and
 * served by us: locateFile points at our own copy, so the decoder never reaches for a CDN.
 * Loaded on first use, so the app's first screen does not wait for it.
 */
import readerWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { ClientError } from '../i18n/error-message.ts';

type Reader = typeof import('zxing-wasm/reader');
let reader: Promise<Reader> | undefined;

function loadReader(): Promise<Reader> {
  reader ??= import('zxing-wasm/reader').then((module) => {
    module.prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) =>
          path.endsWith('.wasm')
            ? new URL(readerWasmUrl, window.location.href).href
            : prefix + path,
      },
      fireImmediately: false,
    });
    return module;
  });
  return reader;
}

/** Starts fetching and compiling the decoder while the camera warms up. */
export function warmUpDecoder(): void {
  void loadReader().catch(() => undefined);
}

/** The text of the first valid QR code in the picture, or undefined if there is none. */
export async function decodeQr(image: ImageData): Promise<string | undefined> {
  let module: Reader;
  try {
    module = await loadReader();
  } catch {
    reader = undefined;
    throw new ClientError('DECODER_FAILED');
  }
  const results = await module.readBarcodes(image, {
    formats: ['QRCode'],
    tryHarder: true,
    maxNumberOfSymbols: 1,
  });
  return results.find((result) => result.isValid && result.text !== '')?.text;
}

/** Longest side of the picture handed to the decoder: photos from the gallery can be 12 MP. */
export const decodeSideMax = 1200;

/** Draws a picture (camera frame or photo) at most decodeSideMax wide or high, as pixels. */
export function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement = document.createElement('canvas'),
): ImageData {
  const scale = Math.min(1, decodeSideMax / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new ClientError('DECODER_FAILED');
  context.fillStyle = '#ffffff'; // transparent PNGs: a QR needs its light background
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** "Skano nga Galeria": decode a picture file, downscaled first if it is large. */
export async function decodeQrFile(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file).catch(() => {
    throw new ClientError('NO_QR_FOUND');
  });
  try {
    const text = await decodeQr(pixelsOf(bitmap, bitmap.width, bitmap.height));
    if (text === undefined) throw new ClientError('NO_QR_FOUND');
    return text;
  } finally {
    bitmap.close();
  }
}
