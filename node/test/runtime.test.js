'use strict';
/**
 * The runtime bridge: calls run off the event loop (timers keep firing while a call waits),
 * an AbortSignal cancels a call and drops its request, and many calls run concurrently.
 */

const assert = require('node:assert/strict');
const { after, before, it } = require('node:test');
const { startSandbox, AbortError, Client } = require('..');
const { startMockServer } = require('./support/mock-server.js');

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.stop());

it('a timer keeps firing while a call waits on a slow sandbox answer', async () => {
  sandbox.setFault({ kind: 'latency', latencyMs: 600, path: '/profile', count: 1 });
  let ticks = 0;
  const timer = setInterval(() => { ticks += 1; }, 10);
  const started = Date.now();
  try {
    await sandbox.client().profile.get();
  } finally {
    clearInterval(timer);
  }
  const waited = Date.now() - started;
  assert.ok(waited >= 550, `the call took only ${waited} ms`);
  // A blocked event loop would let the interval fire once at most.
  assert.ok(ticks >= 20, `the timer fired ${ticks} times in ${waited} ms`);
});

it('aborting drops the request: the server sees the connection close', async () => {
  const server = await startMockServer([{ status: 200, body: {}, delayMs: 5000 }], '/v1');
  try {
    const client = new Client({ token: 't', baseUrl: `${server.url}/v1`, maxRetries: 0 });
    const controller = new AbortController();
    const started = Date.now();
    const call = client.profile.get({ signal: controller.signal });
    while (server.requests.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    await assert.rejects(call, AbortError);
    assert.ok(Date.now() - started < 2000, 'the call ended at the abort, not at the answer');
    const dropped = await Promise.race([server.requests[0].closed.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 2000))]);
    assert.ok(dropped, 'the request was still open 2 s after the abort');
  } finally {
    await server.close();
  }
});

it('a signal already aborted never sends the request', async () => {
  const before = sandbox.stats().requests;
  await assert.rejects(sandbox.client().messages.sendText({ to: '+62 812-3456-7890', body: 'x' },
    { signal: AbortSignal.abort() }), AbortError);
  assert.deepEqual(sandbox.stats().requests, before);
  assert.equal(sandbox.sentMessages().length, 0);
});

it('an abort stops a template iteration at the page being fetched', async () => {
  sandbox.setFault({ kind: 'latency', latencyMs: 3000, path: '/message-templates' });
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const iterate = async () => {
      for await (const template of sandbox.client().templates.list({}, { signal: controller.signal })) {
        assert.fail(`got ${template.name} despite the abort`);
      }
    };
    await assert.rejects(iterate(), AbortError);
  } finally {
    sandbox.clearFaults();
  }
});

it('runs many calls at once on one client', async () => {
  const client = sandbox.client();
  const sent = await Promise.all(Array.from({ length: 40 },
    (_, i) => client.messages.sendText({ to: '+62 812-3456-7890', body: `message ${i}` })));
  assert.equal(new Set(sent.map((s) => s.id)).size, 40);
});

it('calls onRetry before every retry, and a hook that throws only warns', async () => {
  sandbox.setFault({ kind: 'error', status: 503, path: '/profile', count: 2 });
  const events = [];
  const client = sandbox.client({ maxRetries: 3, retry: { baseDelayMs: 1, maxDelayMs: 2 },
    onRetry: (event) => events.push(event) });
  await client.profile.get();
  // The hook is called without blocking the retry; give the event loop a turn to run it.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(events.map((e) => [e.attempt, e.method, e.path, e.code, e.status]),
    [[1, 'GET', '/profile', 'server', 503], [2, 'GET', '/profile', 'server', 503]]);
  assert.equal(typeof events[0].delayMs, 'number');

  sandbox.setFault({ kind: 'error', status: 500, path: '/profile', count: 1 });
  const warned = new Promise((resolve) => process.once('warning', resolve));
  const throwing = sandbox.client({ retry: { baseDelayMs: 1, maxDelayMs: 2 },
    onRetry: () => { throw new Error('hook bug'); } });
  await throwing.profile.get();
  assert.match((await warned).message, /hook bug/);
});
