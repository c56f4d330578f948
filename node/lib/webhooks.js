'use strict';
/**
 * Webhooks: parse what Botika posts to your endpoint, verify its `X-Hub-Signature-256` over the
 * raw bytes, answer the verification handshake. The parsing and the constant-time checks are
 * the core's.
 * @module botika/lib/webhooks
 */

const { native, callSync } = require('./call.js');
const { InvalidArgumentError } = require('../errors.js');

/** The header that carries a delivery's signature. */
const SIGNATURE_HEADER = 'X-Hub-Signature-256';

/**
 * The raw body as bytes: a Buffer or Uint8Array as is, a string as its UTF-8.
 * @param {Buffer | Uint8Array | string} rawBody
 */
function bytes(rawBody) {
  if (typeof rawBody === 'string') {
    return Buffer.from(rawBody, 'utf8');
  }
  if (rawBody instanceof Uint8Array) {
    return Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  }
  const rule = 'must be the raw body as a Buffer, a Uint8Array or a string (read it before any JSON parsing)';
  throw new InvalidArgumentError(`rawBody: ${rule}`, { code: 'invalid_argument', fieldErrors: { rawBody: [rule] } });
}

/**
 * The events of one delivery: inbound messages, delivery statuses, template reviews (and
 * anything else, kept as it came). Throws a DecodeError when the body is not a JSON object.
 * @param {Buffer | Uint8Array | string} rawBody the request body exactly as received
 * @returns {import('../index').WebhookPayload}
 */
function parse(rawBody) {
  return JSON.parse(callSync(() => native.parseWebhook(bytes(rawBody))));
}

/**
 * Checks a delivery's signature over its raw body, in constant time. Throws an
 * InvalidArgumentError naming the header when the signature is missing, malformed or wrong
 * (verify the raw bytes: re-encoded JSON does not match), a ConfigError when `secret` is empty.
 * @param {Buffer | Uint8Array | string} rawBody the request body exactly as received
 * @param {string | string[] | undefined | null} header the `X-Hub-Signature-256` header
 * @param {string} secret the webhook secret
 * @returns {void}
 */
function verifySignature(rawBody, header, secret) {
  const signature = Array.isArray(header) ? header[0] : header;
  callSync(() => native.verifySignature(bytes(rawBody), signature ?? undefined, secret));
}

/**
 * {@link verifySignature}, then {@link parse}: the one call a webhook handler needs.
 * @param {Buffer | Uint8Array | string} rawBody
 * @param {string | string[] | undefined | null} header
 * @param {string} secret
 * @returns {import('../index').WebhookPayload}
 */
function verifyAndParse(rawBody, header, secret) {
  verifySignature(rawBody, header, secret);
  return parse(rawBody);
}

/**
 * Answers the endpoint's verification handshake (`GET ?hub.mode=subscribe&hub.verify_token=T
 * &hub.challenge=C`): the challenge to send back when `T` matches `verifyToken` (compared in
 * constant time), else `null` (answer 403).
 * @param {string | URLSearchParams | Record<string, unknown>} query the request URL or its
 *   query string (`req.url` of node:http), a URLSearchParams, or a parsed query (`req.query`
 *   of Express)
 * @param {string} verifyToken the token you configured for the endpoint
 * @returns {string | null}
 */
function verifyChallenge(query, verifyToken) {
  if (typeof query === 'string') {
    const at = query.indexOf('?');
    const search = at >= 0 ? query.slice(at + 1) : query;
    return callSync(() => native.verifyChallengeQuery(search, verifyToken)) ?? null;
  }
  const get = query instanceof URLSearchParams
    ? (name) => query.get(name) ?? undefined
    : (name) => {
      const value = query?.[name];
      return typeof value === 'string' ? value : undefined;
    };
  return callSync(() => native.verifyChallenge(get('hub.mode'), get('hub.verify_token'), get('hub.challenge'),
    verifyToken)) ?? null;
}

module.exports = { SIGNATURE_HEADER, parse, verifySignature, verifyAndParse, verifyChallenge };
