#!/usr/bin/env node
// Draws Cartera's app icons (a white water drop on the utility's blue) as PNG files, with no
// network and no image library: 192, 512, maskable 512 and the 180 px apple-touch-icon.
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BLUE = [0x00, 0x3b, 0x73];
const WHITE = [0xff, 0xff, 0xff];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

// Shapes in unit coordinates (0..1); `scale` shrinks the drop for the maskable safe zone.
function inDrop(u, v, scale) {
  const x = 0.5 + (u - 0.5) / scale;
  const y = 0.52 + (v - 0.52) / scale;
  const cx = 0.5, cy = 0.6, r = 0.26, tip = 0.12;
  if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  if (y < tip || y > cy) return false;
  const half = r * Math.pow((y - tip) / (cy - tip), 1.1);
  return Math.abs(x - cx) <= half;
}
function inLines(u, v, scale) {
  const x = 0.5 + (u - 0.5) / scale;
  const y = 0.52 + (v - 0.52) / scale;
  const bar = (y0, x0, x1) => Math.abs(y - y0) <= 0.022 && x >= x0 && x <= x1;
  return bar(0.6, 0.38, 0.62) || bar(0.69, 0.38, 0.56);
}
function inRounded(u, v, radius) {
  const dx = Math.max(radius - u, 0, u - (1 - radius));
  const dy = Math.max(radius - v, 0, v - (1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function icon(size, { maskable = false, rounded = 0 } = {}) {
  const scale = maskable ? 0.78 : 1;
  const S = 4; // supersampling for smooth edges
  return png(size, (px, py) => {
    let bg = 0, fg = 0;
    for (let i = 0; i < S; i++)
      for (let j = 0; j < S; j++) {
        const u = (px + (i + 0.5) / S) / size;
        const v = (py + (j + 0.5) / S) / size;
        if (rounded && !inRounded(u, v, rounded)) continue;
        bg++;
        if (inDrop(u, v, scale) && !inLines(u, v, scale)) fg++;
      }
    const n = S * S;
    if (bg === 0) return [0, 0, 0, 0];
    const t = fg / bg;
    const mix = BLUE.map((c, k) => Math.round(c * (1 - t) + WHITE[k] * t));
    return [...mix, Math.round((255 * bg) / n)];
  });
}

const root = new URL("../public/", import.meta.url);
mkdirSync(new URL("icons/", root), { recursive: true });
writeFileSync(new URL("icons/icon-192.png", root), icon(192, { rounded: 0.18 }));
writeFileSync(new URL("icons/icon-512.png", root), icon(512, { rounded: 0.18 }));
writeFileSync(new URL("icons/maskable-512.png", root), icon(512, { maskable: true }));
writeFileSync(new URL("apple-touch-icon.png", root), icon(180));
console.log("icons written to public/");
