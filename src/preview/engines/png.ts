import { PNG } from 'pngjs';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Cuts `rect` (CSS px) out of a screenshot taken at `scale` device pixels
 * per CSS px, and brings it back to one pixel per CSS px (averaging each
 * scale × scale block), so every engine's PNG has the width asked for.
 * Parts of the rect outside the image are left out.
 */
export function cropPng(png: Buffer, rect: Rect, scale = 1): Buffer {
  const src = PNG.sync.read(png);
  const s = Math.max(1, Math.round(scale));
  const width = Math.max(1, Math.min(rect.width, Math.floor((src.width - rect.x * s) / s)));
  const height = Math.max(1, Math.min(rect.height, Math.floor((src.height - rect.y * s) / s)));
  const out = new PNG({ width, height });
  if (s === 1) {
    PNG.bitblt(src, out, rect.x, rect.y, width, height, 0, 0);
  } else {
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < 4; c++) {
          let sum = 0;
          for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) sum += src.data[(((rect.y + y) * s + dy) * src.width + (rect.x + x) * s + dx) * 4 + c]!;
          out.data[(y * width + x) * 4 + c] = Math.round(sum / (s * s));
        }
  }
  return PNG.sync.write(out, { colorType: 2 });
}

/**
 * The height of what is drawn: the rows above the run of rows, at the
 * bottom, that all equal the last one. For a screenshot whose page could
 * not say how tall it is.
 */
export function drawnHeight(png: Buffer): number {
  const { width, height, data } = PNG.sync.read(png);
  const stride = width * 4;
  const last = data.subarray((height - 1) * stride, height * stride);
  let y = height - 1;
  while (y > 0 && data.subarray((y - 1) * stride, y * stride).equals(last)) y--;
  return y;
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Buffer;
}

export function decodePng(png: Buffer): Pixels {
  const { width, height, data } = PNG.sync.read(png);
  return { width, height, data };
}

/** Stacks PNG strips of the same width, top to bottom: a page shot a screen at a time. */
export function stackPngs(strips: Buffer[]): Buffer {
  const decoded = strips.map((s) => PNG.sync.read(s));
  const width = decoded[0]!.width;
  const out = new PNG({ width, height: decoded.reduce((h, d) => h + d.height, 0) });
  let y = 0;
  for (const d of decoded) {
    PNG.bitblt(d, out, 0, 0, Math.min(width, d.width), d.height, 0, y);
    y += d.height;
  }
  return PNG.sync.write(out, { colorType: 2 });
}
