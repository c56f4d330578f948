// The botika quickstart: profile, a text message, a document upload (and download), reply buttons, a bulk
// send, templates and error handling. Without BOTIKA_API_TOKEN it runs against the sandbox, in
// this process; with it (and BOTIKA_TO, the number to write to) it talks to Botika's API.
//
//   npm install && node quickstart.mjs
import { Client, NotFoundError, startSandbox } from 'botika';

const live = Boolean(process.env.BOTIKA_API_TOKEN);
if (live && !process.env.BOTIKA_TO) {
  console.error('Set BOTIKA_TO to the WhatsApp number to write to (with its country code).');
  process.exit(2);
}
const sandbox = live ? null : await startSandbox({ statusScheduleMs: { sent: 20, delivered: 40, read: 60 } });
const client = sandbox ? sandbox.client() : new Client();
const to = process.env.BOTIKA_TO ?? '+62 812-3456-7890';
console.log(sandbox ? `Sandbox running at ${sandbox.apiUrl}` : `Botika API at ${client.baseUrl}`);

try {
  const profile = await client.profile.get();
  console.log(`Business profile: ${profile.about ?? '(no about text)'}`);

  const text = await client.messages.sendText({ to, body: 'Halo dari botika! https://botika.online', previewUrl: true });
  console.log(`Sent a text: ${text.id}`);

  const invoice = await client.media.upload(Buffer.from('Invoice #42: Rp 150.000\n'), { filename: 'invoice.txt' });
  console.log(`Uploaded ${invoice.filename} (${invoice.mimeType}, ${invoice.size} bytes) as ${invoice.kind} ${invoice.id}`);
  const copy = await client.media.download(invoice.id); // a Buffer; downloadWithInfo adds the type and name
  console.log(`Downloaded it back: ${copy.toString('utf8').trim()}`);
  const document = await client.messages.sendDocument({ to, mediaId: invoice.id, filename: 'invoice.txt',
    caption: 'Your invoice', replyTo: text.id });
  console.log(`Sent the document: ${document.id}`);

  const buttons = await client.messages.sendInteractive({
    to,
    interactive: {
      type: 'button',
      body: { text: 'Did the invoice arrive?' },
      action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
        { type: 'reply', reply: { id: 'no', title: 'No' } }] },
    },
  });
  console.log(`Sent reply buttons: ${buttons.id}`);

  // A bulk send: one reminder to many customers, concurrently and under the rate limit, with one
  // outcome per customer in their order. (Live, only to BOTIKA_TO.)
  const customers = sandbox
    ? [to, ...Array.from({ length: 24 }, (_, i) => `+62 813-0000-${String(i).padStart(4, '0')}`), 'not a number']
    : [to];
  const report = await client.messages.sendBulk({
    recipients: customers,
    message: { type: 'text', text: { body: 'Reminder: our shop opens at 9.' } },
    concurrency: 8,
  });
  console.log(`Bulk send: ${report.counts.sent} sent, ${report.counts.failed} failed of ${report.counts.total}`);
  for (const outcome of report.outcomes.filter((o) => o.status !== 'sent')) {
    console.log(`  ${outcome.to}: ${outcome.status} (${outcome.error.message})`);
  }

  for await (const template of client.templates.list()) {
    console.log(`Template ${template.name} (${template.language}): ${template.status}`);
  }

  if (sandbox) {
    // Play the customer: they tap "Yes"; the business reads it and marks it read.
    const reply = sandbox.inbound({ from: to, type: 'interactive', name: 'Sari',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } }, context: { id: buttons.id } });
    await client.messages.markRead(reply);
    console.log(`The customer answered (${reply}); marked it read`);
    console.log(`The sandbox holds ${sandbox.sentMessages().length} sent messages`);
  }

  try {
    await client.templates.get('999999');
  } catch (error) {
    if (!(error instanceof NotFoundError)) {
      throw error;
    }
    console.log(`As expected, no template 999999: ${error.message} (HTTP ${error.status})`);
  }
} finally {
  await sandbox?.stop();
}
