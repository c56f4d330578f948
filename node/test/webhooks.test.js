'use strict';
/**
 * Webhooks: parsing, signatures and the handshake; signed deliveries from the sandbox checked
 * end to end; and the node:http and Express receivers of examples/node run as a user runs them.
 */

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { describe, it } = require('node:test');
const { startSandbox, webhooks, InvalidArgumentError, ConfigError, DecodeError } = require('..');

const SECRET = 'whsec-test';
const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'node');

const sign = (body, secret = SECRET) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;

const FLAT = JSON.stringify({
  contacts: [{ profile: { name: 'Sari' }, wa_id: '6281234567890' }],
  messages: [{ from: '6281234567890', id: 'wamid.IN', timestamp: '1764089402', type: 'text', text: { body: 'Halo' } }],
  statuses: [{ id: 'wamid.OUT', status: 'failed', recipient_id: '6281234567890', timestamp: '1764089403',
    errors: [{ code: 131047, title: 'Re-engagement message' }] }],
});

describe('parse, verifySignature and verifyChallenge', () => {
  it('parses events with camelCase fields and keeps the raw JSON', () => {
    const payload = webhooks.parse(Buffer.from(FLAT));
    assert.equal(payload.envelope, 'flat');
    const [message, status] = payload.events;
    assert.deepEqual([message.event, message.type, message.text.body, message.profileName],
      ['message', 'text', 'Halo', 'Sari']);
    assert.deepEqual(message.raw.text, { body: 'Halo' });
    assert.deepEqual([status.event, status.messageId, status.status, status.errors[0].code],
      ['status', 'wamid.OUT', 'failed', 131047]);
    assert.deepEqual(webhooks.parse(FLAT), payload, 'a string body reads the same');
    assert.throws(() => webhooks.parse(''), DecodeError);
  });

  it('accepts only the right signature over the exact bytes', () => {
    webhooks.verifySignature(FLAT, sign(FLAT), SECRET);
    webhooks.verifySignature(Buffer.from(FLAT), [sign(FLAT)], SECRET);
    const refusals = [
      [FLAT, undefined], [FLAT, sign(FLAT, 'other')], [`${FLAT} `, sign(FLAT)], [FLAT, 'sha1=abc'],
    ];
    for (const [body, header] of refusals) {
      assert.throws(() => webhooks.verifySignature(body, header, SECRET), (error) => error instanceof InvalidArgumentError
        && Object.keys(error.fieldErrors)[0] === webhooks.SIGNATURE_HEADER);
    }
    assert.throws(() => webhooks.verifySignature(FLAT, sign(FLAT), ''), ConfigError);
    assert.throws(() => webhooks.verifySignature({ parsed: true }, sign(FLAT), SECRET), InvalidArgumentError);
    assert.equal(webhooks.verifyAndParse(FLAT, sign(FLAT), SECRET).events.length, 2);
  });

  it('answers the handshake from a URL, a query object or URLSearchParams', () => {
    const query = 'hub.mode=subscribe&hub.verify_token=tok&hub.challenge=1158201444';
    assert.equal(webhooks.verifyChallenge(`/webhook?${query}`, 'tok'), '1158201444');
    assert.equal(webhooks.verifyChallenge(new URLSearchParams(query), 'tok'), '1158201444');
    assert.equal(webhooks.verifyChallenge(Object.fromEntries(new URLSearchParams(query)), 'tok'), '1158201444');
    assert.equal(webhooks.verifyChallenge(`?${query}`, 'other'), null);
    assert.equal(webhooks.verifyChallenge({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'tok',
      'hub.challenge': 'c' }, 'tok'), null);
  });
});

/** Waits until `check()` is truthy (polling), or fails after `ms`. */
async function eventually(check, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = check();
    if (value) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('verifies and parses the sandbox\'s signed deliveries', async () => {
  const received = [];
  const receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      received.push(webhooks.verifyAndParse(Buffer.concat(chunks), req.headers['x-hub-signature-256'], SECRET));
      res.end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const sandbox = await startSandbox({ webhookUrl: `http://127.0.0.1:${receiver.address().port}/hook`,
    webhookSecret: SECRET, statusScheduleMs: { sent: 5, delivered: 10, read: 15 } });
  try {
    const client = sandbox.client();
    const { id } = await client.messages.sendText({ to: '+62 812-3456-7890', body: 'Halo' });
    const inbound = sandbox.inbound({ from: '+62 812-3456-7890', type: 'text', text: { body: 'Balas' } });
    const events = () => received.flatMap((payload) => payload.events);
    await eventually(() => events().some((e) => e.event === 'status' && e.messageId === id && e.status === 'read'),
      'the read status');
    const message = await eventually(() => events().find((e) => e.event === 'message' && e.id === inbound),
      'the inbound message');
    assert.equal(message.text.body, 'Balas');
    const url = `http://127.0.0.1:${receiver.address().port}/hook`;
    const log = await eventually(() => {
      const entries = sandbox.webhookLog();
      return entries.length === 4 && entries.every((entry) => entry.state === 'delivered') && entries;
    }, 'the webhook log to hold the four deliveries');
    assert.deepEqual(log.map((entry) => [entry.event, entry.state, entry.url, entry.attempts.length]).sort(), [
      ['messages', 'delivered', url, 1],
      ['statuses', 'delivered', url, 1], ['statuses', 'delivered', url, 1], ['statuses', 'delivered', url, 1],
    ]);
    assert.deepEqual(log.map((entry) => entry.id), log.map((entry) => entry.id).sort((a, b) => a - b), 'oldest first');
    assert.ok(log.every(({ attempts: [attempt] }) => attempt.attempt === 1 && attempt.status === 200
      && attempt.error === null && typeof attempt.at === 'string' && typeof attempt.durationMs === 'number'),
      JSON.stringify(log.map((entry) => entry.attempts)));
    const logged = log.flatMap((entry) => webhooks.parse(JSON.stringify(entry.payload)).events);
    assert.deepEqual(logged.filter((e) => e.event === 'status').map((e) => [e.messageId, e.status]).sort(),
      [[id, 'delivered'], [id, 'read'], [id, 'sent']]);
    assert.deepEqual(logged.filter((e) => e.event === 'message').map((e) => e.id), [inbound]);
  } finally {
    await sandbox.stop();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

/**
 * Runs an example receiver on a free port; answers its URL, its output so far and a stop
 * function.
 */
async function runReceiver(script) {
  assert.ok(fs.existsSync(path.join(EXAMPLES, 'node_modules', 'express')),
    'examples/node has no node_modules: run `npm ci` there (make node-test does)');
  const child = spawn(process.execPath, [script], {
    cwd: EXAMPLES,
    env: { ...process.env, PORT: '0', BOTIKA_WEBHOOK_SECRET: SECRET, BOTIKA_VERIFY_TOKEN: 'verify-me' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => { output.stdout += chunk; });
  child.stderr.on('data', (chunk) => { output.stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await Promise.race([
    eventually(() => /listening on (\S+)/.exec(output.stdout)?.[1], `${script} to listen`, 10_000),
    exited.then((code) => { throw new Error(`${script} exited with ${code}: ${output.stderr}`); }),
  ]);
  return {
    url,
    output,
    async stop() {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, `${script} did not exit cleanly: ${output.stderr}`);
    },
  };
}

for (const script of ['webhook-http.mjs', 'webhook-express.mjs']) {
  it(`examples/node/${script} answers the handshake and prints signed deliveries`, async () => {
    const receiver = await runReceiver(script);
    let sandbox;
    try {
      const good = await fetch(`${receiver.url}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42`);
      assert.deepEqual([good.status, await good.text()], [200, '42']);
      const bad = await fetch(`${receiver.url}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`);
      assert.equal(bad.status, 403);

      const forged = await fetch(receiver.url, { method: 'POST', body: FLAT,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(FLAT, 'guess') } });
      assert.equal(forged.status, 401);

      sandbox = await startSandbox({ webhookUrl: receiver.url, webhookSecret: SECRET });
      const inbound = sandbox.inbound({ from: '+62 812-3456-7890', type: 'text', text: { body: 'Halo dari Sari' } });
      await eventually(() => receiver.output.stdout.includes(`message ${inbound} from 6281234567890: "Halo dari Sari"`),
        `${script} to print the message`);
      assert.match(receiver.output.stderr, /refused a delivery \(401\)/);
    } finally {
      await sandbox?.stop();
      await receiver.stop();
    }
  });
}
