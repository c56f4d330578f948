'use strict';
/**
 * `client.broadcasts`: one template to many contacts or labels, and the latest broadcast to a
 * recipient.
 * @module botika/lib/broadcasts
 */

const { callJson, json } = require('./call.js');

/** Broadcasts. */
class Broadcasts {
  #native;

  /** @param {object} nativeClient */
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  /**
   * Sends a template to many recipients: `type` `'contact'` with phone numbers in `to`, or
   * `'label'` with label ids (made in Botika's dashboard). Like a message, it is never retried
   * once it may have reached the API.
   * @param {import('../index').BroadcastRequest} broadcast
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').BroadcastCreated>}
   */
  send({ extra, ...broadcast }, options = undefined) {
    return callJson(options, (opts, token) =>
      this.#native.sendBroadcast(json(broadcast), json(extra), opts, token));
  }

  /**
   * Today's latest broadcast message to `to`.
   * @param {string} to
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').LatestBroadcast>}
   */
  latest(to, options = undefined) {
    return callJson(options, (opts, token) => this.#native.latestBroadcast(to, opts, token));
  }
}

module.exports = { Broadcasts };
