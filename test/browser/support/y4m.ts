/**
 * A fake camera feed for Chromium (--use-file-for-fake-video-capture): a QR code picture from
 * the API, centred on a white 640×480 frame, as YUV4MPEG2 4:2:0 (BT.601 studio range).
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

export const frameWidth = 640;
export const frameHeight = 480;

export function qrPngToY4m(png: Buffer, frames = 2): Buffer {
  const picture = PNG.sync.read(png);
  const rgb = whiteFrameWith(picture);
  const { y, u, v } = toYuv420(rgb);
  const header = Buffer.from(`YUV4MPEG2 W${frameWidth} H${frameHeight} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

export function writeY4m(path: string, png: Buffer): string {
  writeFileSync(path, qrPngToY4m(png));
  return path;
}

function whiteFrameWith(picture: PNG): Uint8Array {
  if (picture.width > frameWidth || picture.height > frameHeight)
    throw new Error(`the QR picture (${picture.width}×${picture.height}) must fit in 640×480`);
  const rgb = new Uint8Array(frameWidth * frameHeight * 3).fill(255);
  const left = Math.floor((frameWidth - picture.width) / 2);
  const top = Math.floor((frameHeight - picture.height) / 2);
  for (let row = 0; row < picture.height; row++)
    for (let column = 0; column < picture.width; column++) {
      const from = (row * picture.width + column) * 4;
      const alpha = (picture.data[from + 3] ?? 255) / 255;
      const to = ((top + row) * frameWidth + left + column) * 3;
      for (let channel = 0; channel < 3; channel++)
        rgb[to + channel] = Math.round(
          (picture.data[from + channel] ?? 255) * alpha + 255 * (1 - alpha),
        );
    }
  return rgb;
}

function toYuv420(rgb: Uint8Array): { y: Buffer; u: Buffer; v: Buffer } {
  const y = Buffer.alloc(frameWidth * frameHeight);
  const u = Buffer.alloc((frameWidth / 2) * (frameHeight / 2));
  const v = Buffer.alloc((frameWidth / 2) * (frameHeight / 2));
  const pixel = (x: number, row: number) => {
    const at = (row * frameWidth + x) * 3;
    return [rgb[at] ?? 255, rgb[at + 1] ?? 255, rgb[at + 2] ?? 255] as const;
  };
  for (let row = 0; row < frameHeight; row++)
    for (let x = 0; x < frameWidth; x++) {
      const [r, g, b] = pixel(x, row);
      y[row * frameWidth + x] = clamp(16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256);
    }
  for (let row = 0; row < frameHeight; row += 2)
    for (let x = 0; x < frameWidth; x += 2) {
      // Chroma of the 2×2 block's average colour.
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const [pr, pg, pb] = pixel(x + dx, row + dy);
        r += pr / 4;
        g += pg / 4;
        b += pb / 4;
      }
      const at = (row / 2) * (frameWidth / 2) + x / 2;
      u[at] = clamp(128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
      v[at] = clamp(128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
    }
  return { y, u, v };
}

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}
