/**
 * resvg (WebAssembly shipped in its npm package) for every SVG the server rasterises: the share
 * cards of codes and the PNG receipts. The module can be initialised once per process only, so
 * every caller goes through `resvgReady`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm } from '@resvg/resvg-wasm';

const require = createRequire(import.meta.url);
let ready: Promise<void> | undefined;

export function resvgReady(): Promise<void> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
  return ready;
}
