import { inflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { describe, it } from 'vitest';
import { findChromium, launchChromium } from '../../src/preview/browser.js';

const found = findChromium(process.env);

/** The Chromium the browser tests use: $CHROMIUM_PATH or /usr/bin/chromium, or null. */
export const chromiumPath: string | null = found.path;

/**
 * A describe() for tests that need Chromium. They run whenever it is found.
 * Without it they are skipped with a line saying why, except in CI (CI set),
 * where they fail: a missing browser must not pass the run silently.
 */
export function describeBrowser(name: string, body: () => void): void {
  if (found.path !== null) {
    describe(name, body);
  } else if (process.env.CI) {
    const { reason } = found;
    describe(name, () => {
      it('has a Chromium to run in', () => {
        throw new Error(`CI is set, and ${reason}: the browser tests must run in CI (apt-get install chromium, or set CHROMIUM_PATH)`);
      });
    });
  } else {
    process.stderr.write(`browser tests skipped ("${name}"): ${found.reason}\n`);
    describe.skip(name, body);
  }
}

export function launch(): Promise<Browser> {
  if (!chromiumPath) throw new Error(`No Chromium found (set CHROMIUM_PATH): ${JSON.stringify(found)}`);
  return launchChromium(chromiumPath);
}

export interface DecodedPng {
  width: number;
  height: number;
  /** Luminance (0-255) of every pixel, row by row. */
  luma: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced PNG (grey, RGB, RGBA): enough to check what Chromium writes. */
export function decodePng(buf: Buffer): DecodedPng {
  if (buf.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const depth = buf[24]!;
  const colour = buf[25]!;
  if (depth !== 8 || buf[28] !== 0) throw new Error(`unsupported PNG: depth ${depth}, interlace ${buf[28]}`);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour];
  if (!channels) throw new Error(`unsupported PNG colour type ${colour}`);
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(buf.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels]! : 0;
      const b = prev[x]!;
      const c = x >= channels ? prev[x - channels]! : 0;
      const v = line[x]!;
      let out: number;
      if (filter === 0) out = v;
      else if (filter === 1) out = v + a;
      else if (filter === 2) out = v + b;
      else if (filter === 3) out = v + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        out = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[x] = out & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const i = x * channels;
      luma[y * width + x] = channels < 3 ? cur[i]! : Math.round(0.2126 * cur[i]! + 0.7152 * cur[i + 1]! + 0.0722 * cur[i + 2]!);
    }
    prev.set(cur);
  }
  return { width, height, luma };
}

/** Variance of the luminance: about 0 for a blank (one-colour) image. */
export function lumaVariance(png: DecodedPng): number {
  let sum = 0;
  let sq = 0;
  for (const v of png.luma) {
    sum += v;
    sq += v * v;
  }
  const n = png.luma.length;
  return sq / n - (sum / n) ** 2;
}
