// A webhook receiver on plain node:http: answers the verification handshake, checks every
// delivery's signature over the raw body, and prints its events.
//
//   BOTIKA_WEBHOOK_SECRET=... BOTIKA_VERIFY_TOKEN=... PORT=9000 node webhook-http.mjs
import http from 'node:http';
import { DecodeError, InvalidArgumentError, webhooks } from 'botika';
import { describe } from './describe-event.mjs';

const secret = process.env.BOTIKA_WEBHOOK_SECRET;
const verifyToken = process.env.BOTIKA_VERIFY_TOKEN ?? '';
if (!secret) {
  console.error('Set BOTIKA_WEBHOOK_SECRET to the secret the deliveries are signed with.');
  process.exit(2);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    // The handshake: GET /webhook?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...
    const challenge = webhooks.verifyChallenge(req.url, verifyToken);
    res.writeHead(challenge === null ? 403 : 200, { 'Content-Type': 'text/plain' });
    res.end(challenge ?? 'forbidden');
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      // Verify the bytes as received: re-encoded JSON would not match the signature.
      const payload = webhooks.verifyAndParse(Buffer.concat(chunks), req.headers['x-hub-signature-256'], secret);
      for (const event of payload.events) {
        console.log(describe(event));
      }
      res.writeHead(200).end();
    } catch (error) {
      const status = error instanceof InvalidArgumentError ? 401 : error instanceof DecodeError ? 400 : 500;
      console.error(`refused a delivery (${status}): ${error.message}`);
      res.writeHead(status).end();
    }
  });
});

server.listen(Number(process.env.PORT ?? 9000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/webhook`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
