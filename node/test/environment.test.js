'use strict';
/**
 * `new Client()` with no options reads `BOTIKA_API_TOKEN` and `BOTIKA_BASE_URL`: run in a child
 * process with its own environment (so this process's is never changed), against a sandbox
 * started here.
 */

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const { startSandbox } = require('..');

const PACKAGE = path.join(__dirname, '..');
const TO = '+62 812-3456-7890';

/**
 * Runs `script` in a child node with exactly `env` (plus PATH); answers the JSON it prints.
 * The script sees `botika` (this package) and `report(value)`.
 */
function runWith(env, script) {
  const program = `const botika = require(${JSON.stringify(PACKAGE)});
const report = (value) => process.stdout.write(JSON.stringify(value));
(async () => { ${script} })().catch((error) => { console.error(error); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', program], { env: { PATH: process.env.PATH, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout))));
  });
}

describe('new Client() from the environment', () => {
  let sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.stop());

  it('takes the token and the base URL from BOTIKA_API_TOKEN and BOTIKA_BASE_URL', async () => {
    const result = await runWith({ BOTIKA_API_TOKEN: sandbox.token, BOTIKA_BASE_URL: sandbox.apiUrl }, `
      const client = new botika.Client();
      const sent = await client.messages.sendText({ to: ${JSON.stringify(TO)}, body: 'From the environment' });
      report({ baseUrl: client.baseUrl, id: sent.id });`);
    assert.equal(result.baseUrl, sandbox.apiUrl);
    const [stored] = sandbox.sentMessages({ to: TO });
    assert.deepEqual([stored.id, stored.content.text.body], [result.id, 'From the environment']);
  });

  it('lets options win over the environment', async () => {
    const result = await runWith({ BOTIKA_API_TOKEN: 'not-the-token', BOTIKA_BASE_URL: 'http://127.0.0.1:9/nowhere' }, `
      const fromEnv = new botika.Client();
      const denied = await fromEnv.request('GET', '/profile', {}, { maxRetries: 0 }).catch((error) => error);
      const given = new botika.Client({ token: ${JSON.stringify(sandbox.token)}, baseUrl: ${JSON.stringify(sandbox.apiUrl)} });
      report({ fromEnv: fromEnv.baseUrl, refused: denied instanceof botika.ConnectionError,
        profile: typeof (await given.profile.get()).about });`);
    assert.deepEqual(result, { fromEnv: 'http://127.0.0.1:9/nowhere', refused: true, profile: 'string' });
  });

  it('without a token (in options or environment) is a ConfigError naming BOTIKA_API_TOKEN', async () => {
    const result = await runWith({ BOTIKA_BASE_URL: sandbox.apiUrl }, `
      try {
        new botika.Client();
        report({ threw: false });
      } catch (error) {
        report({ isConfigError: error instanceof botika.ConfigError, code: error.code, message: error.message });
      }`);
    assert.equal(result.isConfigError, true, JSON.stringify(result));
    assert.equal(result.code, 'config');
    assert.match(result.message, /BOTIKA_API_TOKEN/);
  });
});
