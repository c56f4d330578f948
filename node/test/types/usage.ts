// Type-checks the public API as a TypeScript user writes it (CommonJS resolution of the package
// through its `exports` map). `@ts-expect-error` lines prove that mistakes are caught.
import { createReadStream } from 'node:fs';
import {
  AbortError, BotikaError, Client, NotFoundError, RateLimitError, startSandbox, webhooks,
  type BulkCounts, type BulkOutcome, type BulkReport, type MessageTemplate, type SentMessage, type WebhookEvent,
} from 'botika';

export async function usage(): Promise<void> {
  const client = new Client({ token: 't', baseUrl: 'http://127.0.0.1:1/api/whatsapp/v1', timeoutMs: 5000,
    maxRetries: 1, retry: { baseDelayMs: 10 }, headers: { 'X-Tenant': 'a' }, rateLimit: 20 });
  // @ts-expect-error: options are camelCase
  new Client({ base_url: 'x' });

  const sent: SentMessage = await client.messages.sendText({ to: '+62 812', body: 'Halo', previewUrl: true });
  const id: string = sent.id;
  await client.messages.sendImage({ to: '+62 812', mediaId: id, caption: 'x' });
  await client.messages.sendImage({ to: '+62 812', link: 'https://example.com/a.png' });
  // @ts-expect-error: an image is an id or a link, not both
  await client.messages.sendImage({ to: '+62 812', mediaId: id, link: 'https://example.com/a.png' });
  await client.messages.sendInteractive({
    to: '+62 812',
    interactive: { type: 'product', action: { catalogId: 'c', productRetailerId: 'p' } },
  });
  await client.messages.sendTemplate({ to: '+62 812', name: 'promo', language: 'id',
    param: { body: ['Budi'], button: [{ type: 'URL', value: 'june' }], limitedTimeOffer: { expirationTime: 1 } } });
  await client.messages.send('+62 812', { type: 'reaction', reaction: { id, emoji: '👍' } });
  // @ts-expect-error: the content must be under its type's key
  await client.messages.send('+62 812', { type: 'text', image: { id } });
  await client.messages.markRead(id, { signal: AbortSignal.timeout(1000) });

  const report: BulkReport = await client.messages.sendBulk({
    recipients: ['+62 812', '+62 813'],
    message: { type: 'text', text: { body: 'Promo', previewUrl: true }, extra: { biz: 1 } },
    concurrency: 8, maxRateLimitRequeues: 3, maxPauseMs: 5000,
    onProgress: (outcome: BulkOutcome, counts: BulkCounts) => { void outcome.index; void counts.inFlight; },
  }, { signal: AbortSignal.timeout(60_000), timeoutMs: 5000 });
  for (const outcome of report.outcomes) {
    if (outcome.status === 'sent') {
      outcome.id satisfies string;
    } else {
      outcome.error.mayHaveBeenSent satisfies boolean;
      outcome.status satisfies 'failed' | 'unknown' | 'notAttempted';
    }
  }
  report.counts[report.outcomes[0]!.status] satisfies number;
  const job = client.messages.startBulk({ items: [{ to: '+62 812', message: { type: 'reaction',
    reaction: { id, emoji: '👍' } } }] });
  for await (const outcome of job) {
    if (outcome.status === 'unknown') job.cancel();
  }
  job.progress().notAttempted satisfies number;
  (await job.done).outcomes satisfies BulkOutcome[];
  // @ts-expect-error: recipients and items do not go together
  client.messages.startBulk({ recipients: ['+62 812'], message: { type: 'text', text: { body: 'x' } }, items: [] });
  const promo = { type: 'text', text: { body: 'x' } } as const;
  // @ts-expect-error: the signal is a call option
  client.messages.startBulk({ recipients: ['+62 812'], message: promo, signal: AbortSignal.abort() });

  const uploaded = await client.media.upload(createReadStream('a.pdf'), { kind: 'document' });
  const fromBytes = await client.media.upload(Buffer.from('x'), { filename: 'a.txt', check: false });
  const bytes: Buffer = await client.media.download(uploaded.id);
  bytes.length satisfies number;
  const file = await client.media.downloadWithInfo(uploaded.id, { timeoutMs: 5_000 });
  file.bytes satisfies Buffer;
  file.mimeType satisfies string | null;
  file.filename satisfies string | null;
  file.size satisfies number;
  // @ts-expect-error: download answers the bytes alone; downloadWithInfo has the MIME type
  (await client.media.download(uploaded.id)).mimeType;
  await client.media.downloadTo(fromBytes.id, new URL('file:///tmp/x'));
  // @ts-expect-error: not a media kind
  await client.media.upload('a.pdf', { kind: 'pdf' });

  for await (const template of client.templates.list({ search: 'promo' })) {
    const t: MessageTemplate = template;
    t.status satisfies string | null;
  }
  const page = await client.templates.listPage(2);
  page.nextPage satisfies number | null;
  await client.templates.create({ name: 'n', language: 'id', category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hi {{1}}', example: { bodyText: [['Budi']] } }] });
  await client.broadcasts.send({ name: 'June', type: 'label', to: [1, 2], template: { name: 't', language: 'id' } });
  // @ts-expect-error: labels are numbers
  await client.broadcasts.send({ name: 'June', type: 'label', to: ['vip'], template: { name: 't', language: 'id' } });
  (await client.broadcasts.latest('+62 812')).hasBroadcast satisfies boolean;
  (await client.profile.get()).profilePictureUrl satisfies string | null;
  const raw = await client.request('GET', '/profile', { query: { page: 2, tag: ['a', 'b'] } });
  raw.status satisfies number;

  try {
    await client.templates.get(1);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof AbortError) {
      error.status satisfies number | null;
    } else if (error instanceof RateLimitError) {
      error.retryAfter satisfies number | null;
    } else if (error instanceof BotikaError) {
      error.fieldErrors satisfies Record<string, string[]>;
    }
  }

  const payload = webhooks.verifyAndParse(Buffer.from('{}'), 'sha256=00', 'secret');
  for (const event of payload.events) {
    const e: WebhookEvent = event;
    if (e.event === 'message' && e.type === 'text') {
      e.text.body satisfies string;
    } else if (e.event === 'status') {
      e.messageId satisfies string;
    }
  }
  webhooks.verifyChallenge({ 'hub.mode': 'subscribe' }, 'token') satisfies string | null;

  await using sandbox = await startSandbox({ statusScheduleMs: { sent: 1, delivered: 2, read: 3 } });
  const sandboxClient: Client = sandbox.client({ maxRetries: 0 });
  sandbox.inbound({ from: '+62 812', type: 'text', text: { body: 'hi' } });
  sandbox.setFault({ kind: 'rate_limit', path: '/messages', retryAfter: 1, count: 1 });
  // @ts-expect-error: not a fault kind
  sandbox.setFault({ kind: 'explode' });
  sandbox.sentMessages({ to: '+62 812' })[0]?.content;
  void sandboxClient;
  void bytes;
}
