'use strict';
/**
 * Bulk sends against the sandbox running in this process: the report against what the sandbox
 * stored, per-recipient failures, the sandbox's throughput limit, cancelling through an
 * AbortSignal, the event loop kept free, and every outcome handed out once.
 */

const assert = require('node:assert/strict');
const { after, before, beforeEach, describe, it } = require('node:test');
const {
  startSandbox, AbortError, InvalidArgumentError, RateLimitError, ServerError, TimeoutError,
} = require('..');

let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox();
  client = sandbox.client({ retry: { baseDelayMs: 1, maxDelayMs: 5 } });
});
after(() => sandbox.stop());
beforeEach(() => sandbox.reset());

/** `count` distinct valid recipients, from `first`. */
function recipients(count, first = 0) {
  return Array.from({ length: count }, (_, i) => `+62 812-${String(first + i).padStart(8, '0')}`);
}

const HALO = { type: 'text', text: { body: 'Halo!' } };

/** What the sandbox stored, as recipient -> ids, failing on a recipient that got two messages. */
function storedOnce() {
  const byRecipient = new Map();
  for (const message of sandbox.sentMessages()) {
    assert.ok(!byRecipient.has(message.content.to), `${message.content.to} got two messages`);
    byRecipient.set(message.content.to, message.id);
  }
  return byRecipient;
}

/** The report's sent outcomes as recipient -> id. */
function sentIn(report) {
  return new Map(report.outcomes.filter((o) => o.status === 'sent').map((o) => [o.to, o.id]));
}

/** A report's counts are its outcomes' statuses, and nothing is still under way. */
function assertCounted(report, total) {
  assert.equal(report.outcomes.length, total);
  report.outcomes.forEach((outcome, i) => assert.equal(outcome.index, i));
  const tally = { sent: 0, failed: 0, unknown: 0, notAttempted: 0 };
  for (const outcome of report.outcomes) {
    tally[outcome.status] += 1;
  }
  assert.deepEqual({ total: report.counts.total, sent: report.counts.sent, failed: report.counts.failed,
    unknown: report.counts.unknown, notAttempted: report.counts.notAttempted }, { total, ...tally });
  assert.equal(report.counts.inFlight, 0);
}

describe('sendBulk', () => {
  it('answers one outcome per recipient in input order, with the ids the sandbox stored', async () => {
    const to = recipients(40);
    const report = await client.messages.sendBulk({ recipients: to, message: HALO, concurrency: 8 });
    assertCounted(report, 40);
    assert.deepEqual(report.outcomes.map((o) => o.to), to);
    for (const outcome of report.outcomes) {
      assert.equal(outcome.status, 'sent');
      assert.match(outcome.id, /^wamid\./);
      assert.equal(outcome.error, null);
      assert.deepEqual(sandbox.message(outcome.id).content, { to: outcome.to, type: 'text', text: { body: 'Halo!' } });
    }
    assert.deepEqual(storedOnce(), sentIn(report));
  });

  it('sends each item its own message, written as for send()', async () => {
    const [first, second, third] = recipients(3);
    const { id: earlier } = await client.messages.sendText({ to: first, body: 'earlier' });
    const report = await client.messages.sendBulk({
      items: [
        { to: first, message: { type: 'text', text: { body: 'see https://botika.online', previewUrl: true },
          replyTo: earlier } },
        { to: second, message: { type: 'image', image: { link: 'https://example.com/a.png', caption: 'A' },
          extra: { biz_opaqueCallback: 'kept as given' } } },
        { to: third, message: { type: 'interactive', interactive: { type: 'product',
          action: { catalogId: 'c1', productRetailerId: 'p1' } } } },
      ],
    });
    assertCounted(report, 3);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['sent', 'sent', 'sent']);
    const contents = report.outcomes.map((o) => sandbox.message(o.id).content);
    assert.deepEqual(contents[0], { to: first, reply_message_id: earlier, type: 'text',
      text: { body: 'see https://botika.online', preview_url: true } });
    assert.deepEqual(contents[1], { to: second, type: 'image',
      image: { link: 'https://example.com/a.png', caption: 'A' }, biz_opaqueCallback: 'kept as given' });
    assert.deepEqual(contents[2].interactive.action, { catalog_id: 'c1', product_retailer_id: 'p1' });
  });

  it('reports invalid recipients and messages per recipient and sends the others', async () => {
    const [good, alsoGood, third] = recipients(3);
    const report = await client.messages.sendBulk({
      items: [
        { to: good, message: HALO },
        { to: 'abc', message: HALO },
        { to: '12', message: { type: 'text', text: { body: '' } } },
        { to: alsoGood, message: { type: 'text' } },
        { to: third, message: { type: 'text', text: { body: 'fine' } } },
      ],
    });
    assertCounted(report, 5);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['sent', 'failed', 'failed', 'failed', 'sent']);
    const [, badNumber, both, unreadable] = report.outcomes;
    for (const outcome of [badNumber, both, unreadable]) {
      assert.ok(outcome.error instanceof InvalidArgumentError, String(outcome.error));
      assert.equal(outcome.error.code, 'invalid_argument');
      assert.equal(outcome.error.mayHaveBeenSent, false);
      assert.equal(outcome.id, null);
    }
    assert.deepEqual(Object.keys(badNumber.error.fieldErrors), ['to']);
    assert.deepEqual(Object.keys(both.error.fieldErrors).sort(), ['text.body', 'to']);
    assert.deepEqual(Object.keys(unreadable.error.fieldErrors), ['text']);
    assert.deepEqual([...storedOnce().keys()].sort(), [good, third].sort());
  });

  it('fails every recipient of a message it cannot read, and sends nothing', async () => {
    const report = await client.messages.sendBulk({ recipients: [...recipients(3), 'abc'], message: { type: 'txt' } });
    assertCounted(report, 4);
    for (const outcome of report.outcomes) {
      assert.equal(outcome.status, 'failed');
      assert.ok(outcome.error instanceof InvalidArgumentError);
    }
    const [first, ...others] = report.outcomes.slice(0, 3).map((o) => [o.error.message, o.error.fieldErrors]);
    assert.deepEqual(Object.keys(first[1]), ['type']);
    assert.match(first[0], /^type: must be one of text, .*\(got "txt"\)$/);
    others.forEach((other) => assert.deepEqual(other, first));
    // A bad number as well: both problems in its one error.
    assert.deepEqual(Object.keys(report.outcomes[3].error.fieldErrors), ['to', 'type']);
    assert.deepEqual(report.outcomes[3].error.fieldErrors.type, first[1].type);
    assert.equal(sandbox.sentMessages().length, 0);
  });

  it('slows down on the sandbox\'s 429s instead of failing recipients', async () => {
    sandbox.setRateLimit(20);
    const to = recipients(60);
    const started = Date.now();
    const report = await client.messages.sendBulk({ recipients: to, message: HALO, concurrency: 8 });
    const took = Date.now() - started;
    assertCounted(report, 60);
    assert.equal(report.counts.sent, 60, JSON.stringify(report.counts));
    assert.ok(report.counts.rateLimited > 0, 'the sandbox never refused a send');
    // 20 go at once, then 20 a second: the job waited for the limit.
    assert.ok(took >= 1500, `60 sends at 20 a second took only ${took} ms`);
    assert.deepEqual(storedOnce(), sentIn(report));
  });

  it('marks sends that may have reached the API unknown, with the error of their code', async () => {
    sandbox.setFault({ kind: 'error', status: 503, path: '/messages', count: 2 });
    const report = await client.messages.sendBulk({ recipients: recipients(6), message: HALO, concurrency: 1 });
    assertCounted(report, 6);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['unknown', 'unknown', 'sent', 'sent', 'sent', 'sent']);
    for (const { error } of report.outcomes.slice(0, 2)) {
      assert.ok(error instanceof ServerError);
      assert.equal(error.status, 503);
      assert.equal(error.mayHaveBeenSent, true);
      assert.equal(error.path, '/messages');
    }
  });

  it('applies the call options to every send: a send past timeoutMs is unknown, not resent', async () => {
    sandbox.setFault({ kind: 'latency', latencyMs: 1500, path: '/messages', count: 1 });
    const report = await client.messages.sendBulk({ recipients: recipients(3), message: HALO, concurrency: 1 },
      { timeoutMs: 300 });
    assertCounted(report, 3);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['unknown', 'sent', 'sent']);
    assert.ok(report.outcomes[0].error instanceof TimeoutError);
    assert.equal(report.outcomes[0].error.mayHaveBeenSent, true);
    // The slow send did arrive, once: exactly why it is reported unknown rather than sent again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual([...storedOnce().keys()].sort(), [...report.outcomes.map((o) => o.to)].sort());
  });

  it('stops at a Retry-After longer than maxPauseMs: the rest are not attempted', async () => {
    sandbox.setFault({ kind: 'rate_limit', path: '/messages', retryAfter: 30, count: 1 });
    const report = await client.messages.sendBulk({ recipients: recipients(4), message: HALO, concurrency: 1,
      maxPauseMs: 1000 });
    assertCounted(report, 4);
    assert.deepEqual(report.outcomes.map((o) => o.status), ['failed', 'notAttempted', 'notAttempted', 'notAttempted']);
    for (const { error } of report.outcomes) {
      assert.ok(error instanceof RateLimitError);
    }
    assert.equal(report.outcomes[0].error.retryAfter, 30);
    assert.equal(sandbox.sentMessages().length, 0);
  });

  it('refuses a malformed request, naming the field', async () => {
    const refused = (request, field) => assert.rejects(client.messages.sendBulk(request), (error) => {
      assert.ok(error instanceof InvalidArgumentError, String(error));
      assert.ok(field in error.fieldErrors, `${field} not in ${JSON.stringify(error.fieldErrors)}`);
      return true;
    });
    await refused({ recipients: recipients(1), message: HALO, signal: AbortSignal.abort() }, 'signal');
    await refused({ recipients: recipients(1) }, 'message');
    await refused({ recipients: recipients(1), message: HALO, items: [] }, 'recipients');
    await refused({ recipients: recipients(1), message: HALO, concurrency: 0 }, 'concurrency');
    await refused({ recipients: recipients(1), message: HALO, maxPauseMs: -1 }, 'maxPauseMs');
    await refused({ items: [{ to: 6281200000000, message: HALO }] }, 'items[0].to');
    await refused({ items: [{ to: recipients(1)[0], message: { ...HALO, extra: 'x' } }] }, 'items[0].message.extra');
    await refused({ recipients: recipients(1), message: HALO, onProgress: 'x' }, 'onProgress');
    assert.equal(sandbox.sentMessages().length, 0);
    assert.throws(() => client.messages.startBulk({ items: 'x' }), InvalidArgumentError);
  });
});

describe('cancelling', () => {
  it('an abort halfway: what the report says was sent is exactly what the sandbox stored', async () => {
    const limited = sandbox.client({ rateLimit: 40 });
    const controller = new AbortController();
    const to = recipients(200);
    const running = limited.messages.sendBulk({ recipients: to, message: HALO, concurrency: 4 },
      { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    const report = await running;
    assertCounted(report, 200);
    const { sent, notAttempted, unknown, failed } = report.counts;
    assert.ok(sent > 0 && notAttempted > 0, JSON.stringify(report.counts));
    assert.equal(unknown + failed, 0);
    assert.deepEqual(storedOnce(), sentIn(report));
    for (const outcome of report.outcomes.filter((o) => o.status === 'notAttempted')) {
      assert.ok(outcome.error instanceof AbortError);
      assert.equal(outcome.error.code, 'cancelled');
    }
    // Cancelled means stopped: nothing more goes out afterwards.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sandbox.sentMessages().length, sent);
  });

  it('an already aborted signal sends nothing', async () => {
    // The job starts cancelled: no send can begin, not even on another of the addon's threads
    // before a cancel would land. Many small jobs give such a race many chances.
    const signal = AbortSignal.abort();
    const reports = await Promise.all(Array.from({ length: 40 }, (_, i) => client.messages.sendBulk(
      { recipients: recipients(i === 0 ? 300 : 3, i * 1000), message: HALO, concurrency: 64 }, { signal })));
    assert.equal(sandbox.stats().requests?.['POST /api/whatsapp/v1/messages'], undefined,
      'the sandbox got sends');
    assert.equal(sandbox.sentMessages().length, 0);
    for (const report of reports) {
      assertCounted(report, report.outcomes.length);
      assert.equal(report.counts.notAttempted, report.counts.total);
      for (const outcome of report.outcomes) {
        assert.ok(outcome.error instanceof AbortError, String(outcome.error));
        assert.equal(outcome.error.code, 'cancelled');
      }
    }
    // The count read above is the one a send moves.
    await client.messages.sendBulk({ recipients: recipients(1), message: HALO });
    assert.equal(sandbox.stats().requests['POST /api/whatsapp/v1/messages'], 1);
  });

  it('cancel() on a started job settles it the same way', async () => {
    const job = sandbox.client({ rateLimit: 40 }).messages.startBulk({ recipients: recipients(100), message: HALO,
      concurrency: 2 });
    for await (const outcome of job) {
      if (outcome.status === 'sent') {
        job.cancel();
        break;
      }
    }
    const report = await job.done;
    assertCounted(report, 100);
    assert.ok(report.counts.notAttempted > 0, JSON.stringify(report.counts));
    assert.deepEqual(storedOnce(), sentIn(report));
  });
});

describe('following a job', () => {
  it('hands every outcome once to onProgress and to each iterator, early or late', async () => {
    const to = [...recipients(300), 'abc', ...recipients(100, 300), '12'];
    const seen = [];
    const job = client.messages.startBulk({ recipients: to, message: HALO, concurrency: 16,
      onProgress: (outcome, counts) => {
        seen.push(outcome.index);
        // The counters already include the outcome they come with.
        const done = counts.sent + counts.failed + counts.unknown + counts.notAttempted;
        assert.ok(done >= seen.length, `${done} done, ${seen.length} seen`);
      } });
    const early = [];
    for await (const outcome of job) {
      early.push(outcome);
    }
    const report = await job.done;
    const late = [];
    for await (const outcome of job) {
      late.push(outcome);
    }
    const everyIndex = to.map((_, i) => i);
    for (const indices of [seen, early.map((o) => o.index), late.map((o) => o.index)]) {
      assert.equal(indices.length, to.length);
      assert.deepEqual([...indices].sort((a, b) => a - b), everyIndex);
    }
    assert.deepEqual(late, early);
    assertCounted(report, to.length);
    assert.deepEqual(job.progress(), report.counts);
    assert.equal(report.counts.failed, 2);
    for (const outcome of early) {
      assert.deepEqual(outcome, report.outcomes[outcome.index]);
    }
  });

  it('a throwing onProgress warns once: the job goes on', async () => {
    const warnings = [];
    const onWarning = (warning) => warnings.push(warning);
    process.on('warning', onWarning);
    let calls = 0;
    try {
      const report = await client.messages.sendBulk({ recipients: recipients(5), message: HALO,
        onProgress: () => {
          calls += 1;
          throw new Error('progress bug');
        } });
      assert.equal(report.counts.sent, 5);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    assert.equal(calls, 5);
    assert.deepEqual(warnings.map((w) => [w.code, /progress bug/.test(w.message)]), [['BOTIKA_ON_PROGRESS', true]]);
  });

  it('keeps the event loop free while a few thousand sends run', async () => {
    let ticks = 0;
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks += 1;
    }, 10);
    const started = performance.now();
    let report;
    try {
      report = await client.messages.sendBulk({ recipients: recipients(2000), message: HALO, concurrency: 32,
        onProgress: () => {} });
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    assert.equal(report.counts.sent, 2000);
    // A blocked event loop would fire the interval once at the end, after a gap as long as the job.
    assert.ok(ticks >= took / 40, `the timer fired ${ticks} times in ${Math.round(took)} ms`);
    assert.ok(longest < Math.max(250, took / 4), `the longest gap between ticks was ${Math.round(longest)} ms`);
  });
});
