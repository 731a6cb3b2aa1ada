/**
 * DejaVu Sans from the dejavu-fonts-ttf package: every letter of Albanian and its neighbours'
 * names (ë, ç, č, ć, đ, š, ž), for the PDF (subset-embedded) and the PNG (rasterised).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cache: { regular: Uint8Array; bold: Uint8Array } | undefined;

export function receiptFonts(): { regular: Uint8Array; bold: Uint8Array } {
  cache ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return cache;
}
