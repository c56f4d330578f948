// The sandbox's web inbox in a real browser: messages sent through the SDK (the `botika` CLI)
// appear in the right conversation with their ticks advancing; what the customer types or taps in
// the page reaches a webhook receiver as WhatsApp would report it; templates are reviewed by hand;
// the webhook log and the faults panel follow along. Screenshots go to artifacts/browser/.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { cli, startBrowser, startReceiver, startSandbox, until } from './harness.js';
import { FILES } from './files.js';
import { plate } from './picture.js';

const TOKEN = 'browser-test-token';
const CUSTOMER = '+62 812-5550-0123';
const WA_ID = '6281255500123';
const ARTIFACTS = fileURLToPath(new URL('../../artifacts/browser/', import.meta.url));

let receiver;
let sandbox;
let browser;
let page;
let botika;

const shot = (name) => page.screenshot({ path: `${ARTIFACTS}${name}.png` });

/** The bubble of message `id`. */
const bubble = (id) => page.locator(`[data-message-id="${id}"]`);

/** Runs a step, keeping a screenshot of the page when it fails. */
async function step(name, body) {
  try {
    await body();
  } catch (error) {
    await shot(`failed-${name}`).catch(() => {});
    throw error;
  }
}

/** The bytes the sandbox serves at a page address such as `/_inbox/media/{id}`. */
async function served(href) {
  const response = await fetch(new URL(href, sandbox.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200, `GET ${href}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The customer's message at the webhook that replies to message `id`. */
const replyTo = (id) => until(`the reply to ${id} at the webhook`, () => receiver.messages().find((m) => m.context?.id === id));

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  receiver = await startReceiver();
  sandbox = await startSandbox({ token: TOKEN, webhookUrl: receiver.url });
  botika = cli(sandbox.url, TOKEN);
  browser = await startBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await receiver?.close();
});

describe('the web inbox', { concurrency: 1 }, () => {
  it('signs in from a ?token= visit and keeps only a cookie', () => step('sign-in', async () => {
    await page.goto(`${sandbox.url}/?token=${TOKEN}`);
    assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
    await page.locator('#live[data-state="live"]').waitFor();
    assert.ok(!(await page.content()).includes(TOKEN), 'the token is not in the page');
    const cookies = await page.context().cookies();
    assert.equal(cookies.length, 1);
    assert.ok(cookies[0].httpOnly);
    assert.notEqual(cookies[0].value, TOKEN);
  }));

  it('shows a message sent through the SDK with its ticks advancing', () => step('ticks', async () => {
    // Open the customer's chat before anything is sent, so that the page sees every status.
    await page.fill('#new-chat input[name="number"]', CUSTOMER);
    await page.click('#new-chat button');
    await page.waitForURL(`**/#/chats/${WA_ID}`);
    await page.evaluate(() => {
      window.statusesSeen = {};
      const record = () => {
        for (const row of document.querySelectorAll('[data-message-id]')) {
          const seen = (window.statusesSeen[row.dataset.messageId] ??= []);
          if (seen.at(-1) !== row.dataset.status) seen.push(row.dataset.status);
        }
      };
      new MutationObserver(record).observe(document.getElementById('messages'), {
        subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'],
      });
    });
    const sent = await botika('send', 'text', '--to', CUSTOMER, '--body', 'Halo! Your table for two is booked for 7 pm.');
    await bubble(sent.id).waitFor();
    assert.match(await bubble(sent.id).innerText(), /table for two is booked/);
    await page.locator(`[data-message-id="${sent.id}"][data-status="read"] .ticks[data-status="read"]`).waitFor({ timeout: 15000 });
    const seen = await page.evaluate((id) => window.statusesSeen[id], sent.id);
    assert.deepEqual(seen.filter((s) => s !== 'accepted'), ['sent', 'delivered', 'read'], `statuses shown: ${seen}`);
    const line = page.locator(`#conversation-list [data-wa-id="${WA_ID}"]`);
    assert.match(await line.innerText(), /table for two/);
  }));

  it('delivers a reply typed in the page to the webhook', () => step('reply', async () => {
    const words = 'Thank you! What is good today?';
    await page.fill('#composer input[name="body"]', words);
    await page.click('#composer button');
    const message = await until('the typed reply at the webhook', () => receiver.messages().find((m) => m.text?.body === words));
    assert.equal(message.type, 'text');
    assert.equal(message.from, WA_ID);
    await page.locator('.row.in', { hasText: words }).waitFor();
    assert.equal(await page.inputValue('#composer input[name="body"]'), '', 'the composer is cleared');
  }));

  it('shows pictures from the stored media', () => step('picture', async () => {
    const path = `${ARTIFACTS}nasi-goreng.png`;
    writeFileSync(path, plate());
    const sent = await botika('send', 'image', '--to', CUSTOMER, '--file', path, '--caption', 'Nasi goreng special, our favourite');
    const picture = bubble(sent.id).locator('img.picture');
    await picture.waitFor();
    await until('the picture to load', () => picture.evaluate((img) => img.complete && img.naturalWidth === 320));
  }));

  it('sends a tap on a reply button as a button_reply', () => step('buttons', async () => {
    const question = await botika('send', 'interactive', 'buttons', '--to', CUSTOMER,
      '--body', 'Would you like it delivered?', '--button', 'deliver=Deliver it', '--button', 'pickup=I will pick up',
      '--footer', 'Warung Botika');
    await bubble(question.id).locator('button.option', { hasText: 'Deliver it' }).click();
    const reply = await replyTo(question.id);
    assert.equal(reply.type, 'interactive');
    assert.deepEqual(reply.interactive, { type: 'button_reply', button_reply: { id: 'deliver', title: 'Deliver it' } });
    await page.locator(`.row.in .quote[data-quotes="${question.id}"]`).waitFor();
  }));

  it('sends a tap on a list row as a list_reply', () => step('list', async () => {
    const menu = await botika('send', 'interactive', 'list', '--to', CUSTOMER, '--body', 'Something to drink?',
      '--label', 'Drinks', '--section', 'Hot', '--row', 'teh=Teh manis=Sweet tea', '--row', 'kopi=Kopi tubruk',
      '--section', 'Cold', '--row', 'jeruk=Es jeruk');
    await bubble(menu.id).locator('summary', { hasText: 'Drinks' }).click();
    await bubble(menu.id).locator('button.row-option', { hasText: 'Es jeruk' }).click();
    const reply = await replyTo(menu.id);
    assert.deepEqual(reply.interactive, { type: 'list_reply', list_reply: { id: 'jeruk', title: 'Es jeruk' } });
  }));

  it('marks a failed message with its error', () => step('failed', async () => {
    const failing = '+15550100001';
    const sent = await botika('send', 'text', '--to', failing, '--body', 'Your order has shipped.');
    await page.locator('#conversation-list [data-wa-id="15550100001"] button').click();
    await page.locator(`[data-message-id="${sent.id}"][data-status="failed"] .ticks[data-status="failed"]`).waitFor();
    assert.match(await bubble(sent.id).locator('.failure').innerText(), /Message undeliverable \(131026\)/);
    assert.match(await page.locator('#chat-head').innerText(), /Test recipient: every message fails/);
    await page.locator(`#conversation-list [data-wa-id="${WA_ID}"] button`).click();
    await page.waitForURL(`**/#/chats/${WA_ID}`);
  }));

  it('renders a template with its parameters and sends its quick reply as a button', () => step('template', async () => {
    const update = await botika('send', 'template', '--to', CUSTOMER, '--name', 'order_update', '--language', 'en_US',
      '--header-text', '#1024', '--body-value', 'Budi', '--button', 'quick_reply=track-1024');
    const shown = await bubble(update.id).innerText();
    assert.match(shown, /Order #1024/);
    assert.match(shown, /Hi Budi, your order is on its way\./);
    await bubble(update.id).locator('button.option', { hasText: 'Track order' }).click();
    const reply = await replyTo(update.id);
    assert.equal(reply.type, 'button');
    assert.deepEqual(reply.button, { text: 'Track order', payload: 'track-1024' });
    await page.locator(`.row.in .quote[data-quotes="${update.id}"]`).waitFor();
    await page.locator(`[data-message-id="${update.id}"][data-status="read"]`).waitFor({ timeout: 15000 });
    // A tall window shows the whole conversation: the screenshot the README uses.
    await page.setViewportSize({ width: 1280, height: 1240 });
    await shot('chat');
    await page.setViewportSize({ width: 1280, height: 860 });
  }));

  it('draws stickers, videos, documents, audio, locations and contact cards', () => step('media-cards', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'botika-inbox-files-'));
    const file = (name, bytes = FILES[name]) => {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      return path;
    };
    try {
      // The sticker is drawn by Chromium's own WebP encoder, so that the screenshot shows one.
      const smile = Buffer.from(await page.evaluate(() => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 96;
        const draw = canvas.getContext('2d');
        draw.fillStyle = '#f7c531';
        draw.beginPath();
        draw.arc(48, 48, 44, 0, 2 * Math.PI);
        draw.fill();
        draw.fillStyle = draw.strokeStyle = '#5b3a1a';
        draw.lineWidth = 5;
        for (const x of [33, 63]) {
          draw.beginPath();
          draw.arc(x, 38, 6, 0, 2 * Math.PI);
          draw.fill();
        }
        draw.beginPath();
        draw.arc(48, 52, 24, 0.15 * Math.PI, 0.85 * Math.PI);
        draw.stroke();
        return canvas.toDataURL('image/webp').split(',')[1];
      }), 'base64');
      assert.equal(smile.subarray(8, 12).toString('latin1'), 'WEBP', 'Chromium encoded a WebP');
      const sticker = await botika('send', 'sticker', '--to', CUSTOMER, '--file', file('smile.webp', smile));
      const video = await botika('send', 'video', '--to', CUSTOMER, '--file', file('kitchen.mp4'), '--caption', 'Straight from the wok');
      const document = await botika('send', 'document', '--to', CUSTOMER, '--file', file('menu.pdf'), '--filename', 'menu.pdf',
        '--caption', 'Our menu for June');
      const audio = await botika('send', 'audio', '--to', CUSTOMER, '--file', file('welcome.mp3'));
      const place = await botika('send', 'location', '--to', CUSTOMER, '--latitude', '-6.1754', '--longitude', '106.8272',
        '--name', 'Warung Botika', '--address', 'Jl. Medan Merdeka, Jakarta');
      const cards = await botika('send', 'contacts', '--to', CUSTOMER, '--contact', 'Budi Santoso=+62 812-1111-2222',
        '--contact', 'Sari=+62 813-3333-4444');

      // A sticker: the picture from the stored media, without a bubble around it.
      await bubble(sticker.id).waitFor();
      assert.equal(await bubble(sticker.id).getAttribute('data-type'), 'sticker');
      assert.match(await bubble(sticker.id).getAttribute('class'), /\bbare\b/);
      const stickerImg = bubble(sticker.id).locator('img.sticker');
      const stickerSrc = await stickerImg.getAttribute('src');
      assert.match(stickerSrc, /^\/_inbox\/media\/[^/]+$/);
      assert.deepEqual(await served(stickerSrc), smile);
      await until('the sticker to load', () => stickerImg.evaluate((img) => img.complete && img.naturalWidth === 96));

      // A video: a player on the stored file, with its caption.
      const player = bubble(video.id).locator('video.picture[controls]');
      await player.waitFor({ state: 'attached' });
      assert.deepEqual(await served(await player.getAttribute('src')), FILES['kitchen.mp4']);
      assert.equal(await bubble(video.id).locator('.caption').innerText(), 'Straight from the wok');

      // A document and an audio: links to the stored files, with their names and types.
      const documentLink = bubble(document.id).locator('a.file[data-kind="document"]');
      await documentLink.waitFor();
      assert.equal(await documentLink.locator('.file-kind').innerText(), 'Document');
      assert.equal(await documentLink.locator('.file-name').innerText(), 'menu.pdf');
      assert.equal(await documentLink.getAttribute('download'), 'menu.pdf');
      assert.match(await documentLink.locator('.file-size').innerText(), /^application\/pdf · /);
      assert.deepEqual(await served(await documentLink.getAttribute('href')), FILES['menu.pdf']);
      assert.equal(await bubble(document.id).locator('.caption').innerText(), 'Our menu for June');

      const audioLink = bubble(audio.id).locator('a.file[data-kind="audio"]');
      await audioLink.waitFor();
      assert.equal(await audioLink.locator('.file-kind').innerText(), 'Audio');
      assert.equal(await audioLink.locator('.file-name').innerText(), 'welcome.mp3');
      assert.match(await audioLink.locator('.file-size').innerText(), /^audio\/mpeg · /);
      assert.deepEqual(await served(await audioLink.getAttribute('href')), FILES['welcome.mp3']);

      // A location: its name, address and coordinates, linking to OpenStreetMap.
      const location = bubble(place.id).locator('.card.location');
      await location.waitFor();
      assert.equal(await location.locator('strong').innerText(), 'Warung Botika');
      assert.match(await location.innerText(), /Jl\. Medan Merdeka, Jakarta/);
      const map = location.locator('a');
      assert.equal(await map.innerText(), '-6.1754, 106.8272');
      assert.equal(await map.getAttribute('href'), 'https://www.openstreetmap.org/?mlat=-6.1754&mlon=106.8272');
      assert.equal(await map.getAttribute('rel'), 'noopener noreferrer');

      // Contacts: one card per contact, with the name and the phone.
      const contacts = bubble(cards.id).locator('.card.contact');
      await contacts.first().waitFor();
      assert.equal(await contacts.count(), 2);
      assert.deepEqual(await contacts.locator('strong').allInnerTexts(), ['Budi Santoso', 'Sari']);
      assert.deepEqual(await contacts.locator('span').allInnerTexts(), ['+62 812-1111-2222', '+62 813-3333-4444']);

      await page.setViewportSize({ width: 1280, height: 1240 });
      await shot('media-cards');
      await page.setViewportSize({ width: 1280, height: 860 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }));

  it('approves and rejects a template by hand', () => step('templates', async () => {
    await botika('templates', 'create', '--name', 'weekend_promo', '--language', 'en_US', '--category', 'marketing',
      '--body', 'Hi {{1}}, this weekend everything is 20% off.', '--body-example', 'Budi');
    await page.click('[data-tab="templates"]');
    const row = page.locator('tr[data-name="weekend_promo"]');
    await page.locator('tr[data-name="weekend_promo"][data-status="PENDING"]').waitFor();
    await row.locator('button.approve').click();
    await page.locator('tr[data-name="weekend_promo"][data-status="APPROVED"]').waitFor();
    await until('the approval at the webhook', () => receiver.reviews().find((r) => r.message_template_name === 'weekend_promo' && r.event === 'APPROVED'));

    await row.locator('input[name="reason"]').fill('Too promotional for a utility line');
    await row.locator('.reject button').click();
    await page.locator('tr[data-name="weekend_promo"][data-status="REJECTED"]').waitFor();
    assert.match(await page.locator('tr[data-name="weekend_promo"] .reason').innerText(), /Too promotional/);
    const rejection = await until('the rejection at the webhook', () => receiver.reviews().find((r) => r.message_template_name === 'weekend_promo' && r.event === 'REJECTED'));
    assert.equal(rejection.reason, 'Too promotional for a utility line');
    await shot('templates');
  }));

  it('lists webhook deliveries with their attempts', () => step('webhooks', async () => {
    await page.click('[data-tab="webhooks"]');
    const delivered = page.locator('[data-webhook-id][data-state="delivered"]');
    await delivered.first().waitFor();
    assert.match(await delivered.first().locator('.attempts').innerText(), /Attempt 1 .*answered 200/);
    assert.match(await page.locator('#webhook-target').innerText(), new RegExp(`Posting to ${receiver.url}`));
    await shot('webhooks');
  }));

  it('adds faults, counts their matches live and removes them', () => step('faults', async () => {
    await page.click('[data-tab="faults"]');
    const form = page.locator('#fault-form');
    await form.locator('select[name="kind"]').selectOption('latency');
    await form.locator('select[name="method"]').selectOption('GET');
    await form.locator('input[name="path"]').fill('/profile');
    await form.locator('input[name="latency_ms"]').fill('5');
    await form.locator('button[type="submit"]').click();
    const row = page.locator('#fault-rows tr[data-kind="latency"]');
    await row.waitFor();
    const listed = await fetch(`${sandbox.url}/_sandbox/faults`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
    assert.deepEqual(listed.data.map((f) => [f.kind, f.method, f.path, f.latency_ms]), [['latency', 'GET', '/profile', 5]]);

    await botika('profile');
    await until('the match to show', async () => (await row.locator('td').nth(5).innerText()) === '1');
    await shot('faults');
    await row.locator('button', { hasText: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    const left = await fetch(`${sandbox.url}/_sandbox/faults`, { headers: { Authorization: `Bearer ${TOKEN}` } }).then((r) => r.json());
    assert.deepEqual(left.data, []);
  }));

  it('logged no errors in the page', () => {
    assert.deepEqual(browser.problems, []);
  });
});
