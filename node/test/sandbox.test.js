'use strict';
/**
 * Every resource end to end against the sandbox running in this process: what each call sends
 * is what the sandbox stores, and what it answers comes back as camelCase results.
 */

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const { after, before, beforeEach, describe, it } = require('node:test');
const { inspect } = require('node:util');
const {
  startSandbox, NotFoundError, ValidationError, InvalidArgumentError, ConfigError,
} = require('..');

const TO = '+62 812-3456-7890';
const PDF = path.join(__dirname, '..', '..', 'tests', 'conformance', 'fixtures', 'invoice.pdf');

let sandbox;
let client;

before(async () => {
  sandbox = await startSandbox({ reviewDelayMs: 600_000, statusScheduleMs: { sent: 5, delivered: 10, read: 15 } });
  client = sandbox.client({ retry: { baseDelayMs: 1, maxDelayMs: 5 } });
});
after(() => sandbox.stop());
beforeEach(() => sandbox.reset());

/** The one message the business sent, by id. */
function sent(id) {
  const message = sandbox.message(id);
  assert.ok(message, `the sandbox has no message ${id}`);
  assert.equal(message.direction, 'outbound');
  return message;
}

describe('messages', () => {
  it('sends every type as its wire object, nested camelCase keys converted', async () => {
    const invoice = await client.media.upload(PDF, { kind: 'document' });
    const text = await client.messages.sendText({ to: TO, body: 'Halo https://botika.online', previewUrl: true });
    assert.match(text.id, /^wamid\./);
    assert.deepEqual(text.raw, { data: { id: text.id } });
    assert.deepEqual(sent(text.id).content.text, { body: 'Halo https://botika.online', preview_url: true });

    const document = await client.messages.sendDocument({ to: TO, mediaId: invoice.id, filename: 'invoice.pdf',
      caption: 'Invoice', replyTo: text.id });
    assert.deepEqual(sent(document.id).content,
      { to: TO, reply_message_id: text.id, type: 'document',
        document: { id: invoice.id, caption: 'Invoice', filename: 'invoice.pdf' } });

    const location = await client.messages.sendLocation({ to: TO, latitude: -6.1754, longitude: 106.8272, name: 'Monas' });
    assert.deepEqual(sent(location.id).content.location, { latitude: -6.1754, longitude: 106.8272, name: 'Monas' });

    const contacts = await client.messages.sendContacts({ to: TO, contacts: [{ name: 'Budi', phone: '+62 811 000 111' }] });
    assert.deepEqual(sent(contacts.id).content.contacts, [{ name: 'Budi', phone: '+62 811 000 111' }]);

    const reaction = await client.messages.sendReaction({ to: TO, messageId: text.id, emoji: '👍' });
    assert.deepEqual(sent(reaction.id).content.reaction, { id: text.id, emoji: '👍' });

    const list = await client.messages.sendInteractive({
      to: TO,
      interactive: {
        type: 'list', body: { text: 'Pick a size' },
        action: { button: 'Sizes', sections: [{ rows: [{ id: 's', title: 'Small' }, { id: 'l', title: 'Large' }] }] },
      },
    });
    assert.equal(sent(list.id).content.interactive.action.sections[0].rows[1].title, 'Large');

    const product = await client.messages.sendInteractive({
      to: TO, interactive: { type: 'product', action: { catalogId: 'cat', productRetailerId: 'sku-1' } },
    });
    assert.deepEqual(sent(product.id).content.interactive.action, { catalog_id: 'cat', product_retailer_id: 'sku-1' });

    const template = await client.messages.sendTemplate({ to: TO, name: 'hello_world', language: 'en_US' });
    assert.deepEqual(sent(template.id).content.template, { name: 'hello_world', language: 'en_US' });

    const extra = await client.messages.sendText({ to: TO, body: 'x', extra: { bizOpaqueCallbackData: 'order-7' } });
    assert.equal(sent(extra.id).content.bizOpaqueCallbackData, 'order-7', 'extra fields go exactly as given');

    const generic = await client.messages.send(TO, { type: 'text', text: { body: 'generic' }, replyTo: text.id });
    assert.equal(sent(generic.id).content.reply_message_id, text.id);
    const raw = await client.messages.sendJson({ to: TO, type: 'text', text: { body: 'raw', preview_url: false } });
    assert.deepEqual(sent(raw.id).content.text, { body: 'raw', preview_url: false });
    assert.equal(sandbox.sentMessages({ to: TO }).length, 11);
  });

  it('refuses bad input before sending, naming the wire path', async () => {
    const cases = [
      [() => client.messages.sendText({ to: TO, body: '' }), 'text.body'],
      [() => client.messages.sendText({ to: '0812345678', body: 'x' }), 'to'],
      [() => client.messages.sendText({ body: 'x' }), 'to'],
      [() => client.messages.sendImage({ to: TO }), 'image'],
      [() => client.messages.sendInteractive({ to: TO, interactive: { type: 'button', body: { text: 'x' },
        action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } } }),
      'interactive.action.buttons[0].reply.title'],
      [() => client.messages.send(TO, { type: 'fax', fax: {} }), 'type'],
      [() => client.messages.sendText({ to: TO, body: 'x' }, { timeoutMs: -5 }), 'options.timeoutMs'],
    ];
    for (const [call, field] of cases) {
      await assert.rejects(call, (error) => {
        assert.ok(error instanceof InvalidArgumentError, `${field}: ${error}`);
        assert.ok(Object.keys(error.fieldErrors).some((key) => key.startsWith(field)),
          `${field} not in ${JSON.stringify(error.fieldErrors)}`);
        return true;
      });
    }
    assert.equal(sandbox.sentMessages().length, 0, 'nothing was sent');
  });

  it('marks an inbound message read, and an outbound one is not found', async () => {
    const inbound = sandbox.inbound({ from: TO, type: 'text', text: { body: 'Halo' }, name: 'Sari' });
    await client.messages.markRead(inbound);
    assert.equal(sandbox.message(inbound).status, 'read');
    const { id } = await client.messages.sendText({ to: TO, body: 'x' });
    await assert.rejects(client.messages.markRead(id), NotFoundError);
  });
});

describe('media', () => {
  it('uploads from a path, a Buffer and a stream, downloads, and deletes', async () => {
    const fromPath = await client.media.upload(PDF);
    assert.deepEqual({ kind: fromPath.kind, mimeType: fromPath.mimeType, filename: fromPath.filename },
      { kind: 'document', mimeType: 'application/pdf', filename: 'invoice.pdf' });
    const pdf = fs.readFileSync(PDF);
    assert.equal(fromPath.size, pdf.length);

    const fromBuffer = await client.media.upload(new Uint8Array(Buffer.from('note')), { filename: 'note.txt' });
    assert.equal(fromBuffer.mimeType, 'text/plain');

    const chunks = [pdf.subarray(0, 100), pdf.subarray(100)];
    const fromStream = await client.media.upload(Readable.from(chunks), { filename: 'streamed.pdf' });
    assert.equal(fromStream.size, pdf.length);

    const downloaded = await client.media.download(fromStream.id);
    assert.ok(Buffer.isBuffer(downloaded), 'download answers a Buffer');
    assert.ok(downloaded.equals(pdf));
    const withInfo = await client.media.downloadWithInfo(fromStream.id);
    assert.deepEqual(Object.keys(withInfo).sort(), ['bytes', 'filename', 'mimeType', 'size']);
    assert.ok(Buffer.isBuffer(withInfo.bytes) && withInfo.bytes.equals(pdf));
    assert.deepEqual([withInfo.mimeType, withInfo.size], ['application/pdf', pdf.length]);
    assert.equal(withInfo.filename, 'streamed.pdf');

    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'botika-node-'));
    try {
      const target = path.join(folder, 'copy.pdf');
      const saved = await client.media.downloadTo(fromPath.id, target);
      assert.equal(saved.path, target);
      assert.ok(fs.readFileSync(target).equals(pdf));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }

    await client.media.delete(fromPath.id);
    await assert.rejects(client.media.download(fromPath.id), NotFoundError);
    await assert.rejects(client.media.downloadWithInfo(fromPath.id), NotFoundError);
  });

  it('refuses a file that breaks the media table before uploading, and odd sources', async () => {
    const tooBig = Buffer.alloc(200 * 1024, 0x52);
    tooBig.write('RIFF', 0);
    tooBig.write('WEBPVP8 ', 8);
    await assert.rejects(client.media.upload(tooBig, { kind: 'sticker' }), InvalidArgumentError);
    await assert.rejects(client.media.upload(Readable.from([Buffer.from('x')]), { kind: 'pdf' }), (error) => {
      assert.ok(error instanceof InvalidArgumentError);
      assert.match(Object.keys(error.fieldErrors)[0], /^upload\.kind/);
      return true;
    });
    await assert.rejects(client.media.upload(42), InvalidArgumentError);
    const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    await assert.rejects(client.media.upload(failing, { mimeType: 'text/plain' }), /disk on fire/);
    assert.equal(sandbox.stats().media, 0, 'nothing was uploaded');
  });
});

describe('templates', () => {
  it('creates, reviews, lists, finds, updates and deletes', async () => {
    const created = await client.templates.create({
      name: 'order_shipped', language: 'id', category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} shipped.', example: { bodyText: [['Budi', '#1']] } }],
    });
    assert.equal(created.status, 'PENDING');
    assert.deepEqual(created.components[0].example, { bodyText: [['Budi', '#1']] });
    assert.deepEqual(created.raw.components[0].example, { body_text: [['Budi', '#1']] }, 'raw is the wire JSON');

    await assert.rejects(client.templates.update(created.id, { category: 'MARKETING' }), ValidationError);
    sandbox.rejectTemplate(created.id, 'Too vague');
    const rejected = await client.templates.get(created.id);
    assert.deepEqual([rejected.status, rejected.rejectedReason], ['REJECTED', 'Too vague']);
    const updated = await client.templates.update(created.id, { category: 'MARKETING' });
    assert.equal(updated.status, 'PENDING');
    sandbox.approveTemplate(created.id);

    const names = [];
    for await (const template of client.templates.list()) {
      names.push(template.name);
    }
    assert.ok(names.includes('order_shipped') && names.length >= 2, names.join());
    const found = await client.templates.find('order_shipped', 'id');
    assert.equal(found.status, 'APPROVED');
    assert.equal(await client.templates.find('order_shipped', 'en_US'), null);
    const page = await client.templates.listPage(1, { search: 'order_shipped' });
    assert.deepEqual(page.templates.map((t) => t.name), ['order_shipped']);
    assert.equal(page.nextPage, null);

    await client.templates.delete('order_shipped');
    await assert.rejects(client.templates.get(created.id), NotFoundError);
  });

  it('iterates every page of a long list', async () => {
    for (let i = 0; i < 23; i += 1) {
      await client.templates.create({ name: `bulk_${i}`, language: 'id', category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Hello' }] });
    }
    const all = [];
    for await (const template of client.templates.list({ search: 'bulk_' })) {
      all.push(template.name);
    }
    assert.equal(all.length, 23);
    assert.equal(new Set(all).size, 23);
  });
});

describe('broadcasts and profile', () => {
  it('broadcasts a template to contacts and reads the latest', async () => {
    const created = await client.broadcasts.send({ name: 'June sale', type: 'contact', to: [TO, '+62 813 1111 2222'],
      template: { name: 'hello_world', language: 'en_US' } });
    assert.deepEqual([created.type, created.totalRecipients, created.status], ['contact', 2, 'queued']);
    const latest = await client.broadcasts.latest(TO);
    assert.equal(typeof latest.hasBroadcast, 'boolean');
    assert.ok('messageCreatedAt' in latest);
  });

  it('reads the profile with camelCase fields and the raw JSON', async () => {
    const profile = await client.profile.get();
    assert.equal(typeof profile.about, 'string');
    assert.ok(Array.isArray(profile.websites));
    assert.ok('profilePictureUrl' in profile);
    assert.equal(profile.raw.about, profile.about);
  });
});

describe('the sandbox handle', () => {
  it('keeps its token out of util.inspect and refuses calls once stopped', async () => {
    const other = await startSandbox({ token: 'sekret-token' });
    assert.equal(other.token, 'sekret-token');
    assert.doesNotMatch(inspect(other), /sekret-token/);
    assert.doesNotMatch(inspect(other.client()), /sekret-token/);
    await other.stop();
    await other.stop();
    assert.throws(() => other.sentMessages(), ConfigError);
  });

  it('closes a short service window (serviceWindowMs turns it on)', async () => {
    const short = await startSandbox({ serviceWindowMs: 500, statusScheduleMs: { sent: 5, delivered: 10, read: 15 } });
    try {
      const shortClient = short.client();
      short.inbound({ from: TO, type: 'text', text: { body: 'Halo' } });
      const answered = await shortClient.messages.sendText({ to: TO, body: 'Hi Sari!' });
      await new Promise((resolve) => { setTimeout(resolve, 600); }); // past the window's end
      const late = await shortClient.messages.sendText({ to: TO, body: 'Still there?' });
      const deadline = Date.now() + 15_000;
      const settled = () => short.message(answered.id).status === 'read' && short.message(late.id).status === 'failed';
      while (!settled() && Date.now() < deadline) {
        await new Promise((resolve) => { setTimeout(resolve, 20); });
      }
      assert.deepEqual([short.message(answered.id).status, short.message(late.id).status], ['read', 'failed']);
    } finally {
      await short.stop();
    }
  });

  it('refuses bad options and fault specs, naming the field', async () => {
    await assert.rejects(startSandbox({ prot: 1 }), (error) => error instanceof InvalidArgumentError
      && Object.keys(error.fieldErrors)[0] === 'options.prot');
    assert.throws(() => sandbox.setFault({ kind: 'error', status: 422 }), ValidationError);
    assert.throws(() => sandbox.setFault({ kind: 'latency', latencyMs: 'slow' }), InvalidArgumentError);
    const id = sandbox.setFault({ kind: 'latency', latencyMs: 1, path: '/profile' });
    assert.deepEqual(sandbox.faults().map((f) => [f.id, f.latencyMs]), [[id, 1]]);
    assert.equal(sandbox.removeFault(id), true);
    assert.equal(sandbox.removeFault(id), false);
  });
});
