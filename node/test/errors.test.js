'use strict';
/**
 * Every error class: one per stable code of the core, each provoked for real (the sandbox's
 * answers and faults; a mock server for what only another server sends: an HTML page, a request
 * id header), with `instanceof`, `code` and the details it carries.
 */

const assert = require('node:assert/strict');
const { after, before, beforeEach, describe, it } = require('node:test');
const botika = require('..');
const native = require('../native.js');
const { CLASSES, fromNative } = require('../errors.js');
const { startMockServer } = require('./support/mock-server.js');

const {
  Client, startSandbox, webhooks, BotikaError, AuthenticationError, PermissionDeniedError, NotFoundError,
  ValidationError, RateLimitError, BadRequestError, ServerError, TimeoutError, ConnectionError, DecodeError,
  InvalidArgumentError, ConfigError, AbortError,
} = botika;

const TO = '+62 812-3456-7890';
let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox();
  client = sandbox.client({ maxRetries: 0 });
});
after(() => sandbox.stop());
beforeEach(() => sandbox.reset());

/**
 * Asserts that `promise` rejects with an instance of `Class` (and so of BotikaError and Error)
 * with `code`; answers the error for further checks.
 */
async function rejectsWith(promise, Class, code) {
  let caught;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof Class, `expected ${Class.name}, got ${caught?.name}: ${caught?.message}`);
  assert.ok(caught instanceof BotikaError && caught instanceof Error);
  assert.equal(caught.code, code);
  assert.equal(caught.name, Class.name);
  return caught;
}

describe('the classes', () => {
  it('has one class for every code of the core, exported by name', () => {
    assert.deepEqual(Object.keys(CLASSES).sort(), native.errorCodes().sort());
    for (const Class of Object.values(CLASSES)) {
      assert.equal(botika[Class.name], Class);
      assert.ok(Object.prototype.isPrototypeOf.call(BotikaError, Class));
    }
  });

  it('passes errors that are not the addon\'s through untouched', () => {
    const own = new TypeError('mine');
    assert.equal(fromNative(own), own);
    assert.equal(fromNative('a string'), 'a string');
  });

  it('turns an untagged failure of the addon (a panic) into an internal BotikaError', () => {
    const panic = Object.assign(new Error('index out of bounds'), { code: 'GenericFailure' });
    const error = fromNative(panic);
    assert.ok(error instanceof BotikaError);
    assert.equal(error.code, 'internal');
    assert.equal(error.cause, panic);
  });
});

describe('API errors from the sandbox', () => {
  it('401 is an AuthenticationError', async () => {
    const error = await rejectsWith(sandbox.client({ token: 'wrong' }).profile.get(), AuthenticationError,
      'authentication');
    assert.deepEqual([error.status, error.method, error.path, error.message], [401, 'GET', '/profile', 'Unauthenticated.']);
    assert.equal(error.body, '{"message":"Unauthenticated."}');
  });

  it('404 is a NotFoundError', async () => {
    const error = await rejectsWith(client.templates.get('999999'), NotFoundError, 'not_found');
    assert.equal(error.status, 404);
  });

  it('422 is a ValidationError with the per-field messages', async () => {
    const error = await rejectsWith(client.request('POST', '/messages', { json: { to: 'x' } }), ValidationError,
      'validation');
    assert.equal(error.status, 422);
    assert.ok(Object.keys(error.fieldErrors).includes('to'), JSON.stringify(error.fieldErrors));
  });

  it('another 4xx is a BadRequestError', async () => {
    const error = await rejectsWith(client.request('POST', '/media', { json: {} }), BadRequestError, 'bad_request');
    assert.equal(error.status, 415);
  });
});

describe('faults injected into the sandbox', () => {
  it('429 is a RateLimitError with retryAfter', async () => {
    sandbox.setFault({ kind: 'rate_limit', path: '/profile', retryAfter: 7 });
    const error = await rejectsWith(client.profile.get(), RateLimitError, 'rate_limited');
    assert.deepEqual([error.status, error.retryAfter, error.mayHaveBeenSent], [429, 7, false]);
  });

  it('5xx is a ServerError; on a send it may have been sent', async () => {
    sandbox.setFault({ kind: 'error', status: 502, path: '/profile' });
    await rejectsWith(client.profile.get(), ServerError, 'server');
    sandbox.setFault({ kind: 'error', status: 503, path: '/messages' });
    const error = await rejectsWith(sandbox.client().messages.sendText({ to: TO, body: 'x' }), ServerError, 'server');
    assert.equal(error.mayHaveBeenSent, true, 'a send is never retried after a 5xx');
    assert.equal(sandbox.faults()[1].fired, 1);
  });

  it('a slow answer is a TimeoutError', async () => {
    sandbox.setFault({ kind: 'latency', latencyMs: 2000, path: '/profile' });
    const error = await rejectsWith(client.profile.get({ timeoutMs: 100 }), TimeoutError, 'timeout');
    assert.equal(error.status, null);
  });

  it('a dropped connection is a ConnectionError', async () => {
    sandbox.setFault({ kind: 'drop_before', path: '/profile' });
    await rejectsWith(client.profile.get(), ConnectionError, 'connection');
  });

  it('a 403 fault is a PermissionDeniedError, not retried', async () => {
    const retrying = sandbox.client({ maxRetries: 2 });
    sandbox.setFault({ kind: 'error', status: 403, path: '/profile', count: 1 });
    const error = await rejectsWith(retrying.profile.get(), PermissionDeniedError, 'permission');
    assert.equal(error.status, 403);
    assert.ok((await retrying.profile.get()).raw, 'the fault was used up by the one request');
  });

  it('a malformed answer is a DecodeError, not retried', async () => {
    const retrying = sandbox.client({ maxRetries: 2 });
    sandbox.setFault({ kind: 'malformed', path: '/profile', count: 1 });
    await rejectsWith(retrying.profile.get(), DecodeError, 'decode');
    assert.ok((await retrying.profile.get()).raw, 'the fault was used up by the one request');
  });
});

describe('errors the SDK raises itself', () => {
  it('refused input is an InvalidArgumentError naming the field', async () => {
    const error = await rejectsWith(client.messages.sendText({ to: TO, body: 'x'.repeat(4097) }),
      InvalidArgumentError, 'invalid_argument');
    assert.deepEqual(Object.keys(error.fieldErrors), ['text.body']);
    await rejectsWith(client.media.delete(42), InvalidArgumentError, 'invalid_argument');
  });

  it('a bad client option is a ConfigError', () => {
    for (const options of [{ token: ' ' }, { token: 't', baseUrl: 'ftp://x' }, { token: 't', timeoutMs: 0 },
      { token: 't', tiemout: 1 }]) {
      assert.throws(() => new Client(options), (error) => error instanceof ConfigError && error.code === 'config');
    }
  });

  it('a body that is not JSON is a DecodeError', async () => {
    assert.throws(() => webhooks.parse('not json'), DecodeError);
    const server = await startMockServer([{ status: 200, bodyText: '<html>' }], '/v1');
    try {
      const mock = new Client({ token: 't', baseUrl: `${server.url}/v1` });
      await rejectsWith(mock.profile.get(), DecodeError, 'decode');
    } finally {
      await server.close();
    }
  });

  it('a 403 from another server is a PermissionDeniedError with its request id', async () => {
    const server = await startMockServer([{ status: 403, body: { message: 'Not your number.' },
      headers: { 'X-Request-Id': 'req-403' } }], '/v1');
    try {
      const mock = new Client({ token: 't', baseUrl: `${server.url}/v1` });
      const error = await rejectsWith(mock.profile.get(), PermissionDeniedError, 'permission');
      assert.deepEqual([error.message, error.requestId], ['Not your number.', 'req-403']);
    } finally {
      await server.close();
    }
  });

  it('an aborted call is an AbortError whose cause is the signal\'s reason', async () => {
    const reason = new Error('user left');
    const error = await rejectsWith(client.profile.get({ signal: AbortSignal.abort(reason) }), AbortError,
      'cancelled');
    assert.equal(error.cause, reason);
  });
});
