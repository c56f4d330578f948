'use strict';
/** A minimal `multipart/form-data` reader for checking what an upload sent. */

/**
 * The parts of a multipart body, in order.
 * @param {string} contentType the request's Content-Type (it names the boundary)
 * @param {Buffer} body
 * @returns {{name: string|null, filename: string|null, contentType: string|null, data: Buffer}[]}
 */
function parseMultipart(contentType, body) {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) {
    throw new Error(`no boundary in Content-Type ${JSON.stringify(contentType)}`);
  }
  const delimiter = Buffer.from(`--${match[1]}`);
  const parts = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') {
      break;
    }
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next < 0) {
      throw new Error('a multipart part is not terminated');
    }
    // Each part: CRLF, headers, CRLF CRLF, data, CRLF, then the next delimiter.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = Object.fromEntries(part.subarray(0, split).toString('utf8').split('\r\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }));
    const disposition = headers['content-disposition'] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? null,
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1] ?? null,
      contentType: headers['content-type'] ?? null,
      data: part.subarray(split + 4),
    });
    start = next;
  }
  return parts;
}

module.exports = { parseMultipart };
