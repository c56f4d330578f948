// A PNG drawn in code, so the test sends a real picture without a binary fixture: a plate on a
// table, in the colours of a WhatsApp chat.

import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, check]);
}

/** An RGB PNG of `width` x `height`. */
export function plate(width = 320, height = 200) {
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const dx = (x - width / 2) / (height * 0.42);
      const dy = (y - height / 2) / (height * 0.42);
      const r = Math.hypot(dx, dy);
      let colour = [214, 172, 120 + Math.round((y / height) * 30)]; // the table
      if (r < 1) colour = [250, 250, 245]; // the plate
      if (r < 0.62) colour = [236 - Math.round(r * 60), 150 + Math.round(r * 40), 60]; // the rice
      row.set(colour, 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
