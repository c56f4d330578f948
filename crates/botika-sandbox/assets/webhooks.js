// The webhook view: where webhooks go, and every delivery, newest first, with each attempt and
// the exact payload.

import { get } from './api.js';
import { el, keyed, moment } from './dom.js';

/** The log can hold 10,000 deliveries; the page shows the latest ones. */
const SHOWN = 200;

function attempt(a) {
  const outcome = a.error ? a.error : `answered ${a.status}`;
  return el('li', { class: a.error ? 'bad' : 'good' },
    `Attempt ${a.attempt} at ${moment(a.at)}: ${outcome} in ${a.duration_ms} ms`);
}

/** What the webhook says, in a line: in either envelope, a status, a message or a review. */
function gist(payload) {
  const value = payload?.entry?.[0]?.changes?.[0]?.value ?? payload ?? {};
  const status = value.statuses?.[0];
  if (status) return `${status.status}: ${status.id} to ${status.recipient_id}`;
  const message = value.messages?.[0];
  if (message) return `${message.type} from ${message.from}: ${message.id}`;
  if (value.event) return `${value.event}: ${value.message_template_name} (${value.message_template_language})`;
  return '';
}

function delivery(entry) {
  return el('li', { class: 'delivery', data: { webhookId: entry.id, state: entry.state, event: entry.event } },
    el('div', { class: 'delivery-head' },
      el('strong', {}, `#${entry.id} ${entry.event}`),
      el('span', { class: `state state-${entry.state}` }, entry.state.replace('_', ' ')),
      el('span', { class: 'gist' }, gist(entry.payload)),
      entry.url ? el('code', {}, entry.url) : null),
    entry.attempts.length ? el('ol', { class: 'attempts' }, entry.attempts.map(attempt)) : null,
    el('details', {}, el('summary', {}, 'Payload'), el('pre', {}, JSON.stringify(entry.payload, null, 2))));
}

export async function refresh() {
  const [{ data: entries }, { data: target }] = await Promise.all([
    get('/_inbox/control/webhooks'),
    get('/_inbox/control/webhook'),
  ]);
  document.getElementById('webhook-target').textContent = target.url
    ? `Posting to ${target.url} in the ${target.envelope} envelope, ${target.signed ? 'signed' : 'unsigned'}.`
    : 'No webhook URL is set: events are only logged here.';
  const latest = entries.slice(-SHOWN).reverse();
  keyed(document.getElementById('webhook-log'), latest, (e) => e.id, delivery);
  document.getElementById('no-webhooks').hidden = entries.length > 0;
}
