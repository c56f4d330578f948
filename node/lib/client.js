'use strict';
/**
 * `Client`: one connection pool, retry policy and rate limiter (all in the native core), with a
 * property per API resource and the generic `request`.
 * @module botika/lib/client
 */

const { inspect } = require('node:util');
const { native, call, callJson, callSync, json } = require('./call.js');
const { Broadcasts } = require('./broadcasts.js');
const { Media } = require('./media.js');
const { Messages } = require('./messages.js');
const { Templates } = require('./templates.js');

/**
 * Query parameters as name/value pairs: an object (an array value repeats the name; `undefined`
 * and `null` are left out) or a `URLSearchParams`.
 * @param {Record<string, unknown> | URLSearchParams | undefined} query
 * @returns {{name: string, value: string}[] | undefined}
 */
function queryPairs(query) {
  if (query === undefined || query === null) {
    return undefined;
  }
  const entries = query instanceof URLSearchParams ? [...query] : Object.entries(query);
  const pairs = [];
  for (const [name, value] of entries) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null) {
        pairs.push({ name, value: String(one) });
      }
    }
  }
  return pairs;
}

/**
 * The native side's `onRetry` callback for the caller's hook, with the event parsed. The hook
 * cannot stop a retry; an exception it throws becomes a process warning.
 * @param {((event: object) => void) | undefined} onRetry
 */
function retryHook(onRetry) {
  if (onRetry === undefined || onRetry === null) {
    return undefined;
  }
  if (typeof onRetry !== 'function') {
    return onRetry; // the native side refuses it, naming the type it wanted
  }
  return (eventJson) => {
    try {
      onRetry(JSON.parse(eventJson));
    } catch (error) {
      process.emitWarning(`botika: the onRetry hook threw: ${error}`, { code: 'BOTIKA_ON_RETRY' });
    }
  };
}

/** The business profile (`GET /profile`). */
class Profile {
  #native;

  /** @param {object} nativeClient */
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  /**
   * The WhatsApp business profile of the token's phone number.
   * @param {import('../index').CallOptions} [options]
   */
  get(options) {
    return callJson(options, (opts, token) => this.#native.getProfile(opts, token));
  }
}

/**
 * A client for Botika's WhatsApp Business API. Every method returns a Promise; nothing blocks
 * the event loop. Options not given come from `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL`.
 */
class Client {
  #native;

  /** @param {import('../index').ClientOptions} [options] */
  constructor(options = {}) {
    const { onRetry, ...settings } = options;
    this.#native = callSync(() => new native.NativeClient(json(settings), retryHook(onRetry)));
    /** Messages: every type, raw JSON, mark as read. */
    this.messages = new Messages(this.#native);
    /** Media: upload, download, delete. */
    this.media = new Media(this.#native);
    /** Message templates: list, get, create, update, delete. */
    this.templates = new Templates(this.#native);
    /** Broadcasts: send, latest. */
    this.broadcasts = new Broadcasts(this.#native);
    /** The business profile. */
    this.profile = new Profile(this.#native);
  }

  /** The base URL every path is appended to. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /**
   * Any endpoint, with the client's auth, retries and timeouts (contract rule 3). A `POST` is a
   * send (retried only when it provably never reached the API) unless `idempotent` is true.
   *
   * @param {string} method `GET`, `POST`, ...
   * @param {string} path below the base URL, such as `/profile`
   * @param {{json?: unknown, query?: Record<string, unknown> | URLSearchParams, idempotent?: boolean}} [request]
   * @param {import('../index').CallOptions} [options]
   */
  async request(method, path, request = {}, options = undefined) {
    const body = request.json === null ? undefined : json(request.json);
    const response = await call(options, (opts, token) => this.#native.request(
      method, path, body, queryPairs(request.query), request.idempotent, opts, token));
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      text: response.body.toString('utf8'),
      json: response.json === undefined || response.json === null ? null : JSON.parse(response.json),
      requestId: response.requestId ?? null,
    };
  }

  /** Shows the base URL only: the token never appears in logs. */
  [inspect.custom]() {
    return `Client { baseUrl: ${inspect(this.baseUrl)} }`;
  }
}

module.exports = { Client };
