// What the browser test runs against: the sandbox binary, a webhook receiver, the `botika` CLI
// (the SDK's command line, so messages really go through the SDK) and Debian's Chromium driven by
// playwright-core. Binaries come from the environment (make passes them) or the cargo target dir.

import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const run = promisify(execFile);

/** The flags Chromium needs on these machines: headless, no network of its own, a fresh profile. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function binary(variable, name) {
  const given = process.env[variable];
  const target = process.env.CARGO_TARGET_DIR;
  const triple = process.env.CARGO_BUILD_TARGET;
  const path = given ?? (target && triple ? join(target, triple, 'debug', name) : undefined);
  if (!path || !existsSync(path)) {
    throw new Error(`${name} not found: set ${variable}, or CARGO_TARGET_DIR and CARGO_BUILD_TARGET after cargo build`);
  }
  return path;
}

/** Polls `check` until it answers something truthy; fails after `ms`. */
export async function until(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A webhook receiver on 127.0.0.1 that keeps every JSON body it gets. */
export async function startReceiver() {
  const bodies = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        bodies.push({ unparsable: Buffer.concat(chunks).toString('utf8') });
      }
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  const value = (body) => body.entry?.[0]?.changes?.[0]?.value ?? {};
  return {
    url: `http://127.0.0.1:${port}/hook`,
    /** Customer messages received, oldest first. */
    messages: () => bodies.flatMap((b) => value(b).messages ?? []),
    /** Template review events received. */
    reviews: () => bodies.filter((b) => b.entry?.[0]?.changes?.[0]?.field === 'message_template_status_update').map(value),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The sandbox binary on a free port; resolves once it printed its URL. */
export async function startSandbox({ token, webhookUrl }) {
  const child = spawn(binary('BOTIKA_SANDBOX_BIN', 'botika-sandbox'), [
    '--port', '0',
    '--token', token,
    '--webhook-url', webhookUrl,
    // Slow enough for the page to show each tick, fast enough for a short test.
    '--status-schedule', '800,2000,3200',
    // Templates stay PENDING until reviewed by hand in the page.
    '--review-delay-ms', '600000',
    '--quiet',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const [url] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => { throw new Error(`the sandbox exited with ${code}`); }),
  ]);
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

/** Runs the `botika` CLI against the sandbox; answers its JSON output. */
export function cli(sandboxUrl, token) {
  const path = binary('BOTIKA_BIN', 'botika');
  const env = { ...process.env, BOTIKA_BASE_URL: `${sandboxUrl}/api/whatsapp/v1`, BOTIKA_API_TOKEN: token };
  return async (...args) => {
    const { stdout } = await run(path, [...args, '--output', 'json'], { env });
    return JSON.parse(stdout);
  };
}

/** Headless Chromium with a fresh profile, and one page in it. */
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'botika-inbox-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return {
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
