// A webhook receiver on Express: the same as webhook-http.mjs, with express.raw() keeping the
// body as bytes for the signature check.
//
//   BOTIKA_WEBHOOK_SECRET=... BOTIKA_VERIFY_TOKEN=... PORT=9000 node webhook-express.mjs
import express from 'express';
import { DecodeError, InvalidArgumentError, webhooks } from 'botika';
import { describe } from './describe-event.mjs';

const secret = process.env.BOTIKA_WEBHOOK_SECRET;
const verifyToken = process.env.BOTIKA_VERIFY_TOKEN ?? '';
if (!secret) {
  console.error('Set BOTIKA_WEBHOOK_SECRET to the secret the deliveries are signed with.');
  process.exit(2);
}

const app = express();

// The handshake: GET /webhook?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...
app.get('/webhook', (req, res) => {
  const challenge = webhooks.verifyChallenge(req.query, verifyToken);
  if (challenge === null) {
    res.sendStatus(403);
  } else {
    res.type('text/plain').send(challenge);
  }
});

// Deliveries: the raw body, whatever its Content-Type, so the signature can be checked.
app.post('/webhook', express.raw({ type: () => true }), (req, res) => {
  try {
    const payload = webhooks.verifyAndParse(req.body, req.get('X-Hub-Signature-256'), secret);
    for (const event of payload.events) {
      console.log(describe(event));
    }
    res.sendStatus(200);
  } catch (error) {
    const status = error instanceof InvalidArgumentError ? 401 : error instanceof DecodeError ? 400 : 500;
    console.error(`refused a delivery (${status}): ${error.message}`);
    res.sendStatus(status);
  }
});

const server = app.listen(Number(process.env.PORT ?? 9000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/webhook`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
