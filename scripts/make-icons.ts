/**
 * Draws the app icons (a pilot's compass rose on the district blue) as PNGs without any
 * image library: a few polygons rasterised with 4×4 supersampling, written with zlib.
 * Run: npx tsx scripts/make-icons.ts  (the PNGs are committed in public/icons).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Point = [number, number];
type Rgb = [number, number, number];

const blue: Rgb = [0x1f, 0x4e, 0x79];
const white: Rgb = [255, 255, 255];
const amber: Rgb = [0xf2, 0xa9, 0x00];

function insidePolygon([x, y]: Point, polygon: Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Colour at a point in unit coordinates (0..1), for a given safe-zone scale. */
function shade(point: Point, scale: number): Rgb {
  const [px, py] = point;
  const x = (px - 0.5) / scale;
  const y = (py - 0.5) / scale;
  const r = Math.hypot(x, y);
  const north: Point[] = [[0, -0.42], [0.09, 0], [-0.09, 0]];
  const south: Point[] = [[0, 0.42], [0.09, 0], [-0.09, 0]];
  const east: Point[] = [[0.42, 0], [0, 0.07], [0, -0.07]];
  const west: Point[] = [[-0.42, 0], [0, 0.07], [0, -0.07]];
  if (insidePolygon([x, y], north)) return amber;
  if (insidePolygon([x, y], south) || insidePolygon([x, y], east) || insidePolygon([x, y], west)) return white;
  if (r > 0.44 && r < 0.48) return white;
  return blue;
}

function crc32(buffer: Buffer): number {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number, scale: number, rounded: boolean): Buffer {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let rSum = 0, gSum = 0, bSum = 0, aSum = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          const corner = 0.18;
          const dx = Math.max(corner - u, 0, u - (1 - corner));
          const dy = Math.max(corner - v, 0, v - (1 - corner));
          const outside = rounded && Math.hypot(dx, dy) > corner;
          if (outside) continue;
          const [r, g, b] = shade([u, v], scale);
          rSum += r; gSum += g; bSum += b; aSum += 255;
        }
      }
      const n = samples * samples;
      const covered = aSum / 255 || 1;
      const offset = y * (size * 4 + 1) + 1 + x * 4;
      raw[offset] = Math.round(rSum / covered);
      raw[offset + 1] = Math.round(gSum / covered);
      raw[offset + 2] = Math.round(bSum / covered);
      raw[offset + 3] = Math.round(aSum / n);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.resolve(import.meta.dirname ?? '.', '../public/icons');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'icon-192.png'), png(192, 1, true));
fs.writeFileSync(path.join(out, 'icon-512.png'), png(512, 1, true));
// Maskable: full bleed, the rose inside the 80 % safe zone.
fs.writeFileSync(path.join(out, 'icon-maskable-512.png'), png(512, 0.72, false));
fs.writeFileSync(
  path.join(out, 'icon.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#1f4e79"/>` +
    `<circle cx="50" cy="50" r="46" fill="none" stroke="#fff" stroke-width="4"/>` +
    `<polygon points="50,8 59,50 41,50" fill="#f2a900"/><polygon points="50,92 59,50 41,50" fill="#fff"/>` +
    `<polygon points="92,50 50,57 50,43" fill="#fff"/><polygon points="8,50 50,57 50,43" fill="#fff"/></svg>\n`,
);
process.stdout.write(`icons written to ${out}\n`);
