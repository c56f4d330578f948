'use strict';
/**
 * A scripted HTTP server on 127.0.0.1 for tests: it answers canned replies in order (the last
 * one repeats) and records every request it got, body included.
 */

const http = require('node:http');

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body] sent as JSON (`Content-Type: application/json`)
 * @property {string} [bodyText] sent as is
 * @property {number} [delayMs] wait before answering
 */

/**
 * @typedef {object} Recorded
 * @property {string} method
 * @property {string} path the path without the query
 * @property {[string, string][]} query
 * @property {Record<string, string>} headers lowercase names
 * @property {Buffer} body
 * @property {Promise<void>} closed settles when the exchange ends (answered, or dropped by the
 *   client)
 */

/**
 * Starts a server answering `replies`.
 * @param {Reply[]} replies
 * @param {string} [prefix] a path prefix stripped from recorded paths (the API's base path)
 * @returns {Promise<{url: string, requests: Recorded[], close: () => Promise<void>}>}
 */
async function startMockServer(replies, prefix = '') {
  const requests = [];
  const timers = new Set();
  const server = http.createServer((req, res) => {
    const closed = new Promise((resolve) => res.on('close', resolve));
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      // The path exactly as sent (no URL normalisation), and the query decoded.
      const at = req.url.indexOf('?');
      const rawPath = at >= 0 ? req.url.slice(0, at) : req.url;
      const path = rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath;
      const query = [...new URLSearchParams(at >= 0 ? req.url.slice(at + 1) : '')];
      const headers = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers[req.rawHeaders[i].toLowerCase()] = req.rawHeaders[i + 1];
      }
      requests.push({ method: req.method, path, query, headers, body: Buffer.concat(chunks), closed });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { status: 500 };
      const answer = () => {
        timers.delete(timer);
        if (res.destroyed) {
          return;
        }
        const headersOut = { ...(reply.headers ?? {}) };
        let body = '';
        if ('body' in reply) {
          body = JSON.stringify(reply.body);
          headersOut['Content-Type'] ??= 'application/json';
        } else if (reply.bodyText !== undefined) {
          body = reply.bodyText;
        }
        res.writeHead(reply.status, headersOut);
        res.end(body);
      };
      const timer = setTimeout(answer, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    async close() {
      for (const timer of timers) {
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

module.exports = { startMockServer };
