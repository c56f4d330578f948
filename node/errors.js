'use strict';
/**
 * The error classes of botika: `BotikaError` and one subclass per stable code of the core.
 * Every failure of a call rejects with one of them; `instanceof` and `err.code` both work.
 *
 * The native addon rejects with a tagged error (its message starts with `botika-error:` and
 * carries the details as JSON); {@link fromNative} rebuilds it as the class for its code.
 * @module botika/errors
 */

/** Prefix of the native side's tagged errors (`bindings/node/src/errors.rs`). */
const TAG = 'botika-error:';

/**
 * The base class of every error botika raises.
 *
 * @property {string} code stable code: `authentication`, `permission`, `not_found`,
 *   `validation`, `rate_limited`, `bad_request`, `server`, `timeout`, `connection`, `decode`,
 *   `invalid_argument`, `config`, `cancelled`
 * @property {number|null} status HTTP status, when the API answered
 * @property {string|null} method HTTP method of the failed request
 * @property {string|null} path path of the failed request, below the base URL
 * @property {Record<string, string[]>} fieldErrors per-field messages (the API's 422, or the
 *   SDK's own refusal: field path -> rules broken)
 * @property {string|null} requestId the response's `X-Request-Id`
 * @property {string|null} body the raw response body
 * @property {number|null} retryAfter seconds the API asked to wait (429 `Retry-After`)
 * @property {boolean} mayHaveBeenSent a send failed after it may have reached the API
 */
class BotikaError extends Error {
  /**
   * @param {string} message
   * @param {object} [details] the fields above, as the native side reports them
   * @param {ErrorOptions} [options] `cause`
   */
  constructor(message, details = {}, options = undefined) {
    super(message, options);
    this.code = details.code ?? 'internal';
    this.status = details.status ?? null;
    this.method = details.method ?? null;
    this.path = details.path ?? null;
    this.fieldErrors = details.fieldErrors ?? {};
    this.requestId = details.requestId ?? null;
    this.body = details.body ?? null;
    this.retryAfter = details.retryAfter ?? null;
    this.mayHaveBeenSent = details.mayHaveBeenSent ?? false;
  }

  /** The class name, so stack traces and `util.inspect` show `NotFoundError: ...`. */
  get name() {
    return this.constructor.name;
  }
}

/** 401: the token is missing, wrong or revoked. */
class AuthenticationError extends BotikaError {}
/** 403: the token is valid but may not do this. */
class PermissionDeniedError extends BotikaError {}
/** 404: the message, media or template does not exist. */
class NotFoundError extends BotikaError {}
/** 422: the API refused the request's content; see `fieldErrors`. */
class ValidationError extends BotikaError {}
/** 429: too many requests; see `retryAfter`. */
class RateLimitError extends BotikaError {}
/** Another 4xx: the request was malformed for the server. */
class BadRequestError extends BotikaError {}
/** 5xx: the server failed. */
class ServerError extends BotikaError {}
/** The request or the connection attempt took longer than allowed. */
class TimeoutError extends BotikaError {}
/** The connection could not be made, or broke before a response arrived. */
class ConnectionError extends BotikaError {}
/** A response arrived but could not be read as the expected shape. */
class DecodeError extends BotikaError {}
/** Refused before sending: the input breaks a rule of the API; see `fieldErrors`. */
class InvalidArgumentError extends BotikaError {}
/** The client is misconfigured (no token, bad base URL, a bad option). */
class ConfigError extends BotikaError {}
/** The call was cancelled through its `AbortSignal`; `cause` is the signal's reason. */
class AbortError extends BotikaError {}

/** napi's statuses for an argument of the wrong JavaScript type. */
const NAPI_ARGUMENT_STATUSES = new Set([
  'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected',
]);

/** The class for each stable code of the core. */
const CLASSES = Object.freeze({
  authentication: AuthenticationError,
  permission: PermissionDeniedError,
  not_found: NotFoundError,
  validation: ValidationError,
  rate_limited: RateLimitError,
  bad_request: BadRequestError,
  server: ServerError,
  timeout: TimeoutError,
  connection: ConnectionError,
  decode: DecodeError,
  invalid_argument: InvalidArgumentError,
  config: ConfigError,
  cancelled: AbortError,
});

/**
 * The error of the class for `details.code` (`BotikaError` for a code this version does not
 * know), from the details the native side reports (`bindings/node/src/errors.rs`): a thrown
 * error's, or a bulk outcome's.
 * @param {{code: string, message: string}} details
 * @param {ErrorOptions} [options] `cause`
 * @returns {BotikaError}
 */
function fromDetails(details, options = undefined) {
  const Class = CLASSES[details.code] ?? BotikaError;
  return new Class(details.message, details, options);
}

/**
 * The botika error for a failure of the native addon, or `error` itself when it is not one
 * (an exception of the caller's own code, such as JSON.stringify refusing a BigInt, passes
 * through untouched).
 *
 * napi's own argument errors (a value of the wrong JavaScript type) become
 * `InvalidArgumentError`; an untagged failure of the addon (a panic: a bug) becomes a
 * `BotikaError` with code `internal` instead of crashing the process.
 *
 * @param {unknown} error what the native call threw or rejected with
 * @param {AbortSignal} [signal] the call's signal, whose reason becomes an AbortError's cause
 * @returns {unknown}
 */
function fromNative(error, signal) {
  if (!(error instanceof Error) || error instanceof BotikaError) {
    return error;
  }
  if (typeof error.message === 'string' && error.message.startsWith(TAG)) {
    const details = JSON.parse(error.message.slice(TAG.length));
    const cause = details.code === 'cancelled' && signal ? signal.reason : undefined;
    return fromDetails(details, cause === undefined ? undefined : { cause });
  }
  if (NAPI_ARGUMENT_STATUSES.has(error.code)) {
    return new InvalidArgumentError(error.message, { code: 'invalid_argument' }, { cause: error });
  }
  if (error.code === 'GenericFailure') {
    return new BotikaError(`botika internal error (please report it): ${error.message}`, { code: 'internal' },
      { cause: error });
  }
  return error;
}

module.exports = {
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
  CLASSES,
  fromDetails,
  fromNative,
};
