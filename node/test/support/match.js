'use strict';
/** Comparing results with expectations, as the conformance cases define it. */

/**
 * Checks that `got` contains `want`: objects by subset (recursively), arrays element by element
 * with equal lengths, numbers by value, everything else exactly. Throws naming the first
 * difference's path.
 * @param {unknown} got
 * @param {unknown} want
 * @param {string} at the path so far, for the message
 */
function contains(got, want, at) {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(want) && isObject(got)) {
    for (const [key, value] of Object.entries(want)) {
      if (!(key in got)) {
        throw new Error(`${at}.${key} is missing (got ${JSON.stringify(got)})`);
      }
      contains(got[key], value, `${at}.${key}`);
    }
    return;
  }
  if (Array.isArray(want) && Array.isArray(got) && want.length === got.length) {
    want.forEach((value, i) => contains(got[i], value, `${at}[${i}]`));
    return;
  }
  if (got === want) {
    return;
  }
  throw new Error(`${at}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

/** `profile_picture_url` -> `profilePictureUrl`, as the package names result fields. */
function camel(key) {
  return key.replace(/(?!^)_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * A snake_case dict form with its keys in camelCase, except below `raw`, `extra` and the
 * `verbatim` keys (what the API sent stays as it was sent).
 * @param {unknown} value
 * @param {string[]} [verbatim]
 */
function camelKeys(value, verbatim = []) {
  if (Array.isArray(value)) {
    return value.map((item) => camelKeys(item, verbatim));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => {
    const keep = key === 'raw' || key === 'extra' || verbatim.includes(key);
    return [camel(key), keep ? item : camelKeys(item, verbatim)];
  }));
}

module.exports = { contains, camel, camelKeys };
