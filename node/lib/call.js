'use strict';
/**
 * The bridge between a public method and the native addon: per-call options become JSON, an
 * `AbortSignal` becomes a native cancel token, native failures become botika errors, and JSON
 * results are parsed. Nothing here knows what a call does.
 * @module botika/lib/call
 */

const native = require('../native.js');
const { fromNative } = require('../errors.js');

/**
 * Per-call options, minus `signal`, as the JSON text the native side reads (it refuses unknown
 * keys, naming them), or `undefined` when there are none.
 * @param {object} [options]
 * @returns {string|undefined}
 */
function optionsJson(options) {
  if (options === undefined || options === null) {
    return undefined;
  }
  const { signal, ...rest } = options;
  return Object.keys(rest).length === 0 ? undefined : JSON.stringify(rest);
}

/**
 * Runs one native call. `invoke(optionsJson, cancelToken)` starts it; when `options.signal`
 * aborts, the token is cancelled and the native side drops the call.
 *
 * @template T
 * @param {{signal?: AbortSignal} | undefined} options the caller's per-call options
 * @param {(options: string|undefined, token: object|undefined) => Promise<T>} invoke
 * @returns {Promise<T>}
 */
async function call(options, invoke) {
  const signal = options?.signal ?? undefined;
  let token;
  let onAbort;
  if (signal !== undefined) {
    token = new native.CancelToken();
    onAbort = () => token.cancel();
    if (signal.aborted) {
      token.cancel();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }
  try {
    return await invoke(optionsJson(options), token);
  } catch (error) {
    throw fromNative(error, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Like {@link call}, for native calls that answer JSON text: the result is parsed.
 * @param {object|undefined} options
 * @param {(options: string|undefined, token: object|undefined) => Promise<string>} invoke
 * @returns {Promise<any>}
 */
async function callJson(options, invoke) {
  return JSON.parse(await call(options, invoke));
}

/**
 * Runs a synchronous native function, mapping its failure to a botika error.
 * @template T
 * @param {() => T} invoke
 * @returns {T}
 */
function callSync(invoke) {
  try {
    return invoke();
  } catch (error) {
    throw fromNative(error);
  }
}

/**
 * JSON text for a value JavaScript hands to the native side; `undefined` stays undefined.
 * @param {unknown} value
 * @returns {string|undefined}
 */
function json(value) {
  return value === undefined ? undefined : JSON.stringify(value);
}

module.exports = { native, call, callJson, callSync, json, optionsJson };
