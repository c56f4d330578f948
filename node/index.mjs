/**
 * The ES module entry point of botika: the same objects as the CommonJS entry (`index.js`),
 * so `import` and `require` share one native addon and one set of error classes.
 * @module botika
 */

import botika from './index.js';

export const {
  Client,
  webhooks,
  startSandbox,
  Sandbox,
  VERSION,
  BotikaError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ValidationError,
  RateLimitError,
  BadRequestError,
  ServerError,
  TimeoutError,
  ConnectionError,
  DecodeError,
  InvalidArgumentError,
  ConfigError,
  AbortError,
} = botika;

export default botika;
