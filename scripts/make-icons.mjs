// Renders the app icons (PNG) from the same bell shape as public/favicon.svg. Run once; output is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [0x9a, 0x34, 0x12];
const FG = [0xff, 0xfb, 0xf5];

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size * 64, y / size * 64), y * (size * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
/** The bell in a 64-unit box: dome + body flaring to a rim, and the clapper. */
function bell(x, y) {
  if ((x - 32) ** 2 + (y - 51) ** 2 <= 25) return true;
  if (y >= 12 && y <= 28) return (x - 32) ** 2 / 14 ** 2 + (y - 28) ** 2 / 16 ** 2 <= 1;
  if (y > 28 && y <= 38) return Math.abs(x - 32) <= 14;
  if (y > 38 && y <= 46) return Math.abs(x - 32) <= 14 + (y - 38) * (5 / 8);
  return false;
}
function roundedSquare(x, y, r = 14) {
  const cx = Math.min(Math.max(x, r), 64 - r), cy = Math.min(Math.max(y, r), 64 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
const any = (x, y) => (!roundedSquare(x, y) ? [0, 0, 0, 0] : bell(x, y) ? [...FG, 255] : [...BG, 255]);
// Maskable: full bleed, the bell shrunk into the 80% safe zone.
const maskable = (x, y) => (bell(32 + (x - 32) / 0.75, 32 + (y - 32) / 0.75) ? [...FG, 255] : [...BG, 255]);

writeFileSync('public/icons/icon-192.png', png(192, any));
writeFileSync('public/icons/icon-512.png', png(512, any));
writeFileSync('public/icons/icon-maskable-512.png', png(512, maskable));
console.log('icons written');
