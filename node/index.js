'use strict';
/**
 * botika: the SDK for Botika's WhatsApp Business API.
 *
 * ```js
 * const { Client } = require('botika');
 * const client = new Client(); // BOTIKA_API_TOKEN, BOTIKA_BASE_URL
 * const { id } = await client.messages.sendText({ to: '+62 812-3456-7890', body: 'Halo!' });
 * ```
 * @module botika
 */

const { native } = require('./lib/call.js');
const { Client } = require('./lib/client.js');
const { Sandbox, startSandbox } = require('./lib/testing.js');
const webhooks = require('./lib/webhooks.js');
const errors = require('./errors.js');

module.exports = {
  Client,
  /** Webhooks: `parse`, `verifySignature`, `verifyAndParse`, `verifyChallenge`. */
  webhooks,
  startSandbox,
  Sandbox,
  /** The SDK's version (also in the `User-Agent`: `botika-node/<version>`). */
  VERSION: native.VERSION,
  BotikaError: errors.BotikaError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  ValidationError: errors.ValidationError,
  RateLimitError: errors.RateLimitError,
  BadRequestError: errors.BadRequestError,
  ServerError: errors.ServerError,
  TimeoutError: errors.TimeoutError,
  ConnectionError: errors.ConnectionError,
  DecodeError: errors.DecodeError,
  InvalidArgumentError: errors.InvalidArgumentError,
  ConfigError: errors.ConfigError,
  AbortError: errors.AbortError,
};
