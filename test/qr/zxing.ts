/**
 * ZXing (zxing-wasm) as an independent QR reader for tests. The .wasm file is read from
 * node_modules: tests never fetch it from a CDN, which is zxing-wasm's default.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const wasmPath = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
let prepared = false;

function prepare(): void {
  if (prepared) return;
  const bytes = readFileSync(wasmPath);
  prepareZXingModule({
    overrides: {
      wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      // Only consulted if wasmBinary were missing; points at the same local file, never a CDN.
      locateFile: (file: string) => (file.endsWith('.wasm') ? wasmPath : file),
    },
  });
  prepared = true;
}

export interface DecodedQr {
  readonly text: string;
  readonly ecLevel: string;
}

/** Every valid QR code ZXing finds in a PNG file (ZXing reads the PNG format itself). */
export async function decodeQrPng(png: Buffer): Promise<DecodedQr[]> {
  prepare();
  const results = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => ({ text: r.text, ecLevel: r.ecLevel }));
}
