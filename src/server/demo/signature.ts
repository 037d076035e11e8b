/**
 * A drawn signature as the consent stage's canvas hands it over (vector strokes and an RGBA PNG),
 * made up deterministically: for the demo campaign and the benchmarks, whose records must weigh
 * what a real tablet's weigh.
 */
import zlib from 'node:zlib';
import { seededRandom } from './random';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface DrawnSignature {
  strokes: { x: number; y: number; t: number }[][];
  png: string;
}

/**
 * A signature as the consent stage's canvas produces it: two or three strokes of ~60 points,
 * and an RGBA PNG of a 700×220 canvas (white, dark-blue pen, soft edges).
 */
export function drawnSignature(seed: number): DrawnSignature {
  const random = seededRandom(seed * 31 + 1);
  const width = 700;
  const height = 220;
  const strokes: DrawnSignature['strokes'] = [];
  let t = 0;
  const strokeCount = 2 + Math.floor(random() * 2);
  for (let s = 0; s < strokeCount; s++) {
    const stroke = [];
    let x = 60 + s * 180 + random() * 40;
    let y = 110 + (random() - 0.5) * 60;
    const points = 45 + Math.floor(random() * 30);
    for (let p = 0; p < points; p++) {
      x += 2 + random() * 6;
      y += Math.sin(p / (2 + random() * 3)) * 9 + (random() - 0.5) * 6;
      y = Math.min(height - 12, Math.max(12, y));
      t += 8 + Math.floor(random() * 10);
      stroke.push({ x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10, t });
    }
    strokes.push(stroke);
    t += 200;
  }
  const rgba = Buffer.alloc(width * height * 4, 255);
  const plot = (px: number, py: number, coverage: number) => {
    if (px < 0 || py < 0 || px >= width || py >= height) return;
    const offset = (py * width + px) * 4;
    const blend = (background: number, pen: number) => Math.round(background + (pen - background) * coverage);
    rgba[offset] = Math.min(rgba[offset]!, blend(255, 20));
    rgba[offset + 1] = Math.min(rgba[offset + 1]!, blend(255, 30));
    rgba[offset + 2] = Math.min(rgba[offset + 2]!, blend(255, 60));
  };
  for (const stroke of strokes) {
    for (let i = 1; i < stroke.length; i++) {
      const a = stroke[i - 1]!;
      const b = stroke[i]!;
      const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) * 2);
      for (let k = 0; k <= steps; k++) {
        const cx = a.x + ((b.x - a.x) * k) / steps;
        const cy = a.y + ((b.y - a.y) * k) / steps;
        for (let dy = -3; dy <= 3; dy++) {
          for (let dx = -3; dx <= 3; dx++) {
            const distance = Math.hypot(dx + (cx % 1), dy + (cy % 1));
            if (distance < 2.6) plot(Math.floor(cx) + dx, Math.floor(cy) + dy, Math.min(1, 2.6 - distance));
          }
        }
      }
    }
  }
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (width * 4 + 1)] = 0;
    rgba.copy(raw, row * (width * 4 + 1) + 1, row * width * 4, (row + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return { strokes, png: `data:image/png;base64,${png.toString('base64')}` };
}
