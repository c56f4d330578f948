'use strict';
/**
 * The package as npm ships it: what `npm pack` holds, the CommonJS and ES module entry points,
 * the declared types against the real exports, the version, and secrets kept out of inspect.
 */

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { it } = require('node:test');
const { inspect } = require('node:util');
const botika = require('..');
const native = require('../native.js');
const { startMockServer } = require('./support/mock-server.js');

const ROOT = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

it('npm pack holds exactly what a user needs', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [packed] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files = packed.files.map((file) => file.path).sort();
  const lib = fs.readdirSync(path.join(ROOT, 'lib')).map((name) => `lib/${name}`);
  const addons = fs.readdirSync(ROOT).filter((name) => /^botika\..+\.node$/.test(name));
  assert.ok(addons.length > 0, 'no native addon built');
  const expected = ['README.md', 'package.json', 'index.js', 'index.mjs', 'index.d.ts', 'errors.js', 'native.js',
    'native.d.ts', 'scripts/install.js', ...lib, ...addons].sort();
  assert.deepEqual(files, expected);
});

it('the ES module entry point exports the same objects as the CommonJS one', async () => {
  const esm = await import('../index.mjs');
  const names = Object.keys(botika).sort();
  assert.deepEqual(Object.keys(esm).filter((name) => name !== 'default').sort(), names);
  for (const name of names) {
    assert.equal(esm[name], botika[name], name);
  }
  assert.equal(esm.default, botika);
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', import: './index.mjs', require: './index.js' });
});

it('index.d.ts declares every export, and native.d.ts every native one', () => {
  const declared = (file) => new Set([...fs.readFileSync(path.join(ROOT, file), 'utf8')
    .matchAll(/^export declare (?:const|class|function|namespace) (\w+)/gm)].map((m) => m[1]));
  const types = declared('index.d.ts');
  assert.deepEqual(Object.keys(botika).filter((name) => !types.has(name)), []);
  const nativeTypes = declared('native.d.ts');
  assert.deepEqual(Object.keys(native).filter((name) => !nativeTypes.has(name)), []);
});

it('has one version everywhere, sent as botika-node/<version>', async () => {
  const cargo = fs.readFileSync(path.join(ROOT, '..', 'Cargo.toml'), 'utf8');
  assert.equal(botika.VERSION, pkg.version);
  assert.match(cargo, new RegExp(`^version = "${pkg.version.replaceAll('.', '\\.')}"$`, 'm'));
  const server = await startMockServer([{ status: 200, body: { data: {} } }], '/v1');
  try {
    await new botika.Client({ token: 't', baseUrl: `${server.url}/v1`, userAgent: 'my-bot/2' }).profile.get();
    assert.match(server.requests[0].headers['user-agent'], new RegExp(`^my-bot/2 botika-node/${pkg.version} `));
  } finally {
    await server.close();
  }
});

it('never shows the token in util.inspect', () => {
  const client = new botika.Client({ token: 'very-secret-token', baseUrl: 'http://127.0.0.1:9/api' });
  for (const value of [client, client.messages, client.media, client.templates, client.profile]) {
    assert.doesNotMatch(inspect(value, { depth: 5, showHidden: true }), /very-secret-token/);
  }
  assert.match(inspect(client), /127\.0\.0\.1:9/);
});
