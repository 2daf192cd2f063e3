/**
 * Draws the Teams app icons (no image tools needed): color.png 192×192, a white speech bubble on
 * WeChat green with a broken-link gap; outline.png 32×32, the white bubble on transparency.
 * Run: npx tsx scripts/make-icons.ts (the PNGs are committed in appPackage/).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** RGBA pixels → PNG bytes. */
function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A speech bubble in unit coordinates (0..1): an ellipse with a tail, minus a diagonal gap. */
function inBubble(u: number, v: number): boolean {
  const ellipse = ((u - 0.5) / 0.38) ** 2 + ((v - 0.45) / 0.3) ** 2 <= 1;
  const tail = v > 0.62 && v < 0.85 && u > 0.25 && u < 0.42 && u - 0.25 < (0.85 - v) * 0.75;
  const gap = Math.abs(u - v + 0.05) < 0.035 && u > 0.35 && u < 0.65;
  return (ellipse || tail) && !gap;
}

const dir = path.join(__dirname, '..', 'appPackage');
const GREEN: [number, number, number, number] = [7, 193, 96, 255];
const WHITE: [number, number, number, number] = [255, 255, 255, 255];
writeFileSync(
  path.join(dir, 'color.png'),
  png(192, (x, y) => (inBubble(x / 192, y / 192) ? WHITE : GREEN)),
);
writeFileSync(
  path.join(dir, 'outline.png'),
  png(32, (x, y) => (inBubble((x + 0.5) / 32, (y + 0.5) / 32) ? WHITE : [0, 0, 0, 0])),
);
console.log(`wrote ${dir}/color.png and outline.png`);
