import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { newCodeReference } from '../../src/core/ids.ts';
import { encodeSmartPayPayload } from '../../src/qr/payload.ts';
import { quietZoneModules, renderPng, renderSvg } from '../../src/qr/picture.ts';
import { encodedAccountCode, encodedRequest, sampleRequest, sampleSigning } from './payloads.ts';
import { decodeQrPng } from './zxing.ts';

describe('QR pictures', () => {
  it('a request PNG decodes back to exactly its payload, UTF-8 name included', async () => {
    const decoded = await decodeQrPng(await renderPng(encodedRequest));
    expect(decoded).toEqual([{ text: encodedRequest, ecLevel: 'M' }]);
  });

  it('an account code PNG and a long-note request decode back exactly at 256 pixels', async () => {
    const longNote = encodeSmartPayPayload(
      { ...sampleRequest, reference: newCodeReference(), note: 'x'.repeat(140) },
      sampleSigning,
    );
    for (const payload of [encodedAccountCode, longNote]) {
      const decoded = await decodeQrPng(await renderPng(payload, { size: 256 }));
      expect(decoded.map((result) => result.text)).toEqual([payload]);
    }
  });

  it('draws the requested size with a white quiet zone of at least four modules', async () => {
    const png = PNG.sync.read(await renderPng(encodedRequest, { size: 600 }));
    expect([png.width, png.height]).toEqual([600, 600]);
    const svg = await renderSvg(encodedRequest);
    const modules = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
    const border = Math.floor((quietZoneModules * png.width) / modules) - 1;
    const dark: string[] = [];
    for (let y = 0; y < png.height; y += 1) {
      for (let x = 0; x < png.width; x += 1) {
        const inside =
          x >= border && x < png.width - border && y >= border && y < png.height - border;
        if (!inside && png.data[(y * png.width + x) * 4] !== 255) dark.push(`${x},${y}`);
      }
    }
    expect(border).toBeGreaterThan(20);
    expect(dark).toEqual([]);
  });

  it('renders an SVG document with an svg root and the quiet zone in its view box', async () => {
    const svg = await renderSvg(encodedRequest);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('refuses an empty payload and an absurd size', async () => {
    await expect(renderPng('')).rejects.toThrow(/assertion/);
    await expect(renderPng(encodedRequest, { size: 10_000 })).rejects.toThrow(/assertion/);
  });
});
