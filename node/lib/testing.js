'use strict';
/**
 * The testing kit: `startSandbox()` runs Botika's API emulator inside this process (on
 * 127.0.0.1, a free port), stateful and strict like the real service, with helpers to play the
 * customer, read what was sent and which webhooks went out, and inject faults.
 * @module botika/lib/testing
 */

const { inspect } = require('node:util');
const { native, call, callSync, json } = require('./call.js');
const { Client } = require('./client.js');

/** A sandbox running in this process; `stop()` it when done (or `await using` it). */
class Sandbox {
  #native;

  /** @param {object} nativeSandbox */
  constructor(nativeSandbox) {
    this.#native = nativeSandbox;
    /** The sandbox's root URL (`http://127.0.0.1:<port>`). */
    this.url = nativeSandbox.url;
    /** The API's base URL, for `new Client({ baseUrl })`. */
    this.apiUrl = nativeSandbox.apiUrl;
    /** A token the sandbox accepts. */
    this.token = nativeSandbox.token;
  }

  /**
   * A client for this sandbox (its token and base URL), with any other client options.
   * @param {import('../index').ClientOptions} [options]
   */
  client(options = {}) {
    return new Client({ token: this.token, baseUrl: this.apiUrl, ...options });
  }

  /** Stops serving and waits for its tasks; further calls do nothing. */
  async stop() {
    await call(undefined, () => this.#native.stop());
  }

  /**
   * A customer writes to the business: `{ from, type, [type]: content, name?, context? }`
   * (a webhook goes out as for a real message). Answers the new message's id.
   * @param {import('../index').InboundMessageRequest} message
   * @returns {string}
   */
  inbound(message) {
    return callSync(() => this.#native.inbound(json(message)));
  }

  /**
   * Messages of both directions, oldest first, optionally filtered.
   * @param {{to?: string, direction?: 'inbound' | 'outbound', type?: string}} [filter]
   */
  messages(filter = undefined) {
    return JSON.parse(callSync(() => this.#native.messages(json(filter))));
  }

  /**
   * What the business sent, oldest first, optionally to one customer only.
   * @param {{to?: string}} [filter]
   */
  sentMessages({ to } = {}) {
    return JSON.parse(callSync(() => this.#native.sentMessages(to)));
  }

  /**
   * One message by id (either direction), or `null`.
   * @param {string} id
   */
  message(id) {
    return JSON.parse(callSync(() => this.#native.message(id)));
  }

  /** Every webhook delivery with its attempts, oldest first. */
  webhookLog() {
    return JSON.parse(callSync(() => this.#native.webhookLog()));
  }

  /**
   * Where webhooks go from now on: `url` (none: only logged), signed with `secret`, in the
   * `cloud` (default) or `flat` envelope.
   * @param {{url?: string, secret?: string, envelope?: 'cloud' | 'flat'}} target
   */
  setWebhook(target) {
    callSync(() => this.#native.setWebhook(json(target)));
  }

  /**
   * Injects a fault; answers its id. `kind` is `latency` (`latencyMs`), `error` (`status`
   * 500-599, or 401, 403 or 404), `rate_limit` (`retryAfter` seconds), `drop_before`,
   * `drop_after` or `malformed` (processed, then a 200 whose body is not JSON); `path`
   * (exact, or a prefix ending in `*`), `method`, `count` and `rate` narrow it.
   * @param {import('../index').FaultSpec} fault
   * @returns {number}
   */
  setFault(fault) {
    return callSync(() => this.#native.setFault(json(fault)));
  }

  /** The active faults, with how often each matched and fired. */
  faults() {
    return JSON.parse(callSync(() => this.#native.faults()));
  }

  /**
   * Removes one fault; `false` when none has that id.
   * @param {number} id
   */
  removeFault(id) {
    return callSync(() => this.#native.removeFault(id));
  }

  /** Removes every fault. */
  clearFaults() {
    callSync(() => this.#native.clearFaults());
  }

  /**
   * Limits `POST /messages` to this many per second (429 beyond it); `null` lifts the limit.
   * @param {number | null} messagesPerSecond
   */
  setRateLimit(messagesPerSecond) {
    callSync(() => this.#native.setRateLimit(messagesPerSecond ?? undefined));
  }

  /**
   * Approves a template now, without waiting for the review delay.
   * @param {number | string} id
   */
  approveTemplate(id) {
    return JSON.parse(callSync(() => this.#native.approveTemplate(Number(id))));
  }

  /**
   * Rejects a template now, with a reason.
   * @param {number | string} id
   * @param {string} reason
   */
  rejectTemplate(id, reason) {
    return JSON.parse(callSync(() => this.#native.rejectTemplate(Number(id), reason)));
  }

  /** Requests processed per route, and what is stored. */
  stats() {
    return JSON.parse(callSync(() => this.#native.stats()));
  }

  /** Back to a fresh start: messages, media, webhooks and faults gone, templates re-seeded. */
  reset() {
    callSync(() => this.#native.reset());
  }

  /** `await using sandbox = await startSandbox()` stops it at the end of the block. */
  async [Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')]() {
    await this.stop();
  }

  /** The token is a test value, but still not printed. */
  [inspect.custom]() {
    return `Sandbox { url: ${inspect(this.url)} }`;
  }
}

/**
 * Starts a sandbox in this process.
 * @param {import('../index').SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = undefined) {
  const started = await call(undefined, () => native.startSandbox(json(options)));
  return new Sandbox(started);
}

module.exports = { Sandbox, startSandbox };
