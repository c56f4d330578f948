'use strict';
/**
 * Runs the language-neutral conformance cases (tests/conformance/*.json, format in its
 * README) against the Node package: a fresh node:http mock server and client per case, the
 * exact requests checked, and the result or error compared with the case.
 */

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const { isDeepStrictEqual } = require('node:util');
const { Client, BotikaError } = require('..');
const { startMockServer } = require('./support/mock-server.js');
const { parseMultipart } = require('./support/multipart.js');
const { contains, camel, camelKeys } = require('./support/match.js');
const { OPS, VERBATIM } = require('./support/conformance-ops.js');

const CASES = path.join(__dirname, '..', '..', 'tests', 'conformance');
const TOKEN = 'test-token';
const PREFIX = '/api/whatsapp/v1';

/** A value JSON cannot carry: `{"$base64"}` bytes or a `{"$file"}` path. */
function decode(value) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$base64') {
      return Buffer.from(value.$base64, 'base64');
    }
    if (keys.length === 1 && keys[0] === '$file') {
      return path.join(CASES, value.$file);
    }
  }
  return value;
}

/** A case's arguments; reading one marks it used, so an argument no op reads fails the case. */
class Args {
  #values;
  #read = new Set();

  constructor(values) {
    this.#values = values ?? {};
  }

  /** An optional argument: absent and `null` both read as `undefined`. */
  get(name) {
    this.#read.add(name);
    const value = this.#values[name];
    return value === null || value === undefined ? undefined : decode(value);
  }

  required(name) {
    const value = this.get(name);
    if (value === undefined) {
      throw new Error(`the case is wrong: missing argument ${name}`);
    }
    return value;
  }

  unread() {
    return Object.keys(this.#values).filter((name) => !this.#read.has(name));
  }
}

/** The runner's client: fast retries, then the case's settings. */
function clientFor(settings, baseUrl) {
  const options = { token: TOKEN, baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 10 } };
  for (const [key, value] of Object.entries(settings ?? {})) {
    switch (key) {
      case 'max_retries': options.maxRetries = value; break;
      case 'retry_after_cap': options.retry.retryAfterCapMs = value * 1000; break;
      case 'timeout': options.timeoutMs = value * 1000; break;
      case 'headers': options.headers = value; break;
      default: throw new Error(`unknown client setting ${key}`);
    }
  }
  return new Client(options);
}

/** The call's per-call options in the package's names. */
function callOptions(options) {
  const out = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    switch (key) {
      case 'timeout': out.timeoutMs = value * 1000; break;
      case 'max_retries': out.maxRetries = value; break;
      case 'extra_headers': out.extraHeaders = value; break;
      case 'retry_unsafe_sends': out.retryUnsafeSends = value; break;
      default: throw new Error(`unknown call option ${key}`);
    }
  }
  return out;
}

/** The canned replies of a case. */
function replies(testCase) {
  const specs = 'response' in testCase ? [testCase.response] : testCase.responses ?? [];
  return specs.map((spec) => ({
    status: spec.status,
    headers: spec.headers,
    ...('body' in spec ? { body: spec.body } : {}),
    ...('body_text' in spec ? { bodyText: spec.body_text } : {}),
    delayMs: spec.delay_ms,
  }));
}

function checkRequest(spec, request) {
  assert.equal(`${request.method} ${request.path}`, `${spec.method} ${spec.path}`);
  const want = [];
  for (const [name, value] of Object.entries(spec.query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      want.push([name, one]);
    }
  }
  const order = (pairs) => [...pairs].map((p) => p.join('=')).sort();
  assert.deepEqual(order(request.query), order(want), 'query');
  const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };
  assert.match(request.headers['user-agent'] ?? '', /botika-/, 'User-Agent');
  const contentType = request.headers['content-type'] ?? '';
  if ('json' in spec) {
    headers['content-type'] = 'application/json';
    assert.ok(isDeepStrictEqual(JSON.parse(request.body.toString('utf8')), spec.json),
      `the JSON body differs:\n  expected ${JSON.stringify(spec.json)}\n  got      ${request.body}`);
  } else if ('multipart' in spec) {
    assert.match(contentType, /^multipart\/form-data/);
    const parts = parseMultipart(contentType, request.body).map((part) => ({
      name: part.name, filename: part.filename, content_type: part.contentType, size: part.data.length,
      sha256: require('node:crypto').createHash('sha256').update(part.data).digest('hex'),
      text: part.data.toString('utf8'),
    }));
    assert.equal(parts.length, spec.multipart.length, 'multipart parts');
    spec.multipart.forEach((want, i) => contains(parts[i], want, `multipart[${i}]`));
  } else if ('body_text' in spec) {
    assert.equal(request.body.toString('utf8'), spec.body_text);
  } else {
    headers['content-type'] = null;
    assert.equal(request.body.length, 0, `expected no body, got ${request.body}`);
  }
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  for (const [name, value] of Object.entries(headers)) {
    assert.equal(request.headers[name] ?? null, value, `header ${name}`);
  }
}

/** The error's dict form. */
function errorDict(error) {
  const { code, status, message, method, path: at, fieldErrors, body, requestId, retryAfter,
    mayHaveBeenSent } = error;
  return { code, status, message, method, path: at, fieldErrors, body, requestId, retryAfter, mayHaveBeenSent };
}

function checkError(want, error) {
  assert.ok(error instanceof BotikaError, `expected a BotikaError, got ${error}`);
  const expected = { may_have_been_sent: false, ...want };
  const got = errorDict(error);
  if ('message_contains' in expected) {
    assert.ok(error.message.includes(expected.message_contains),
      `the message ${JSON.stringify(error.message)} does not contain ${JSON.stringify(expected.message_contains)}`);
    delete expected.message_contains;
  }
  if ('field_errors' in expected) {
    assert.deepEqual(got.fieldErrors, expected.field_errors, 'error.fieldErrors');
    delete expected.field_errors;
  }
  contains(got, Object.fromEntries(Object.entries(expected).map(([k, v]) => [camel(k), v])), 'error');
}

async function runCase(testCase) {
  const server = await startMockServer(replies(testCase), PREFIX);
  try {
    const { op, args, options } = testCase.call;
    const run = OPS[op];
    assert.ok(run, `no op ${op}`);
    const client = clientFor(testCase.client, `${server.url}${PREFIX}`);
    const callArgs = new Args(args);
    let result;
    let failure;
    try {
      result = await run(client, callArgs, callOptions(options));
    } catch (error) {
      if (error instanceof BotikaError) {
        failure = error;
      } else {
        throw error;
      }
    }
    assert.deepEqual(callArgs.unread(), [], 'the op never read these arguments');
    const expected = testCase.expect.attempts ?? ('request' in testCase ? 1 : 0);
    assert.equal(server.requests.length, expected, 'requests received');
    for (const request of server.requests) {
      checkRequest(testCase.request, request);
    }
    const { expect } = testCase;
    if ('error' in expect) {
      assert.ok(failure, `expected an error, got the result ${JSON.stringify(result)}`);
      checkError(expect.error, failure);
    } else if (failure) {
      throw failure;
    } else if ('result' in expect) {
      contains(result === undefined ? null : result, camelKeys(expect.result, VERBATIM[op]), 'result');
    }
  } finally {
    await server.close();
  }
}

const files = fs.readdirSync(CASES).filter((name) => name.endsWith('.json')).sort();
const filter = process.env.CONFORMANCE_CASE ?? '';
for (const file of files) {
  const { cases } = JSON.parse(fs.readFileSync(path.join(CASES, file), 'utf8'));
  describe(file, () => {
    for (const testCase of cases.filter((c) => c.name.includes(filter))) {
      it(testCase.name, () => runCase(testCase));
    }
  });
}

it('every op of the cases has a mapping to the Node API', () => {
  const used = new Set();
  for (const file of files) {
    for (const testCase of JSON.parse(fs.readFileSync(path.join(CASES, file), 'utf8')).cases) {
      used.add(testCase.call.op);
    }
  }
  assert.deepEqual([...used].filter((op) => !(op in OPS)), []);
});
