// The chats view: conversations by customer on the left, the open one on the right, and the
// composer to write as that customer. A customer's text and taps reach the bot as inbound
// webhooks, through the same operation as POST /_sandbox/inbound.

import { get, post } from './api.js';
import { bubble } from './bubbles.js';
import { clock, el, keyed, toast } from './dom.js';

const list = () => document.getElementById('conversation-list');
const messages = () => document.getElementById('messages');

/** The open conversation: `{wa_id, customer}`, or null. */
let current = null;
/** List messages whose menu is open, kept across redraws. */
const openMenus = new Set();
/** Asks the page to show a conversation (the address changes; main.js calls `open`). */
let navigate = () => {};
/** Whether the chat follows new messages: true until the reader scrolls up. */
let following = true;

function follow() {
  if (following) messages().scrollTop = messages().scrollHeight;
}

function initials(number) {
  return String(number).replace(/\D/g, '').slice(-2);
}

function summary(conversation) {
  const last = conversation.last;
  const outbound = last.direction === 'outbound';
  return el('li', {
    class: `conversation${current?.wa_id === conversation.wa_id ? ' selected' : ''}`,
    data: { waId: conversation.wa_id },
  }, el('button', { type: 'button', onclick: () => navigate(conversation.wa_id) },
    el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(conversation.wa_id)),
    el('span', { class: 'who' },
      el('strong', {}, conversation.customer),
      el('span', { class: 'last', data: { status: outbound ? last.status : 'received' } },
        outbound ? 'You: ' : '', last.preview)),
    el('time', { datetime: last.at }, clock(last.at))));
}

function drawList(conversations) {
  keyed(list(), conversations, (c) => c.wa_id, summary);
  document.getElementById('no-conversations').hidden = conversations.length > 0;
}

function head(conversation) {
  const box = document.getElementById('chat-head');
  box.replaceChildren(
    el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(conversation.wa_id)),
    el('div', {},
      el('strong', {}, conversation.customer),
      el('small', {}, conversation.test_recipient
        ? `Test recipient: ${conversation.test_recipient}`
        : `WhatsApp id ${conversation.wa_id}`)));
}

async function tap(messageId, option, button) {
  button.disabled = true;
  try {
    await post('/_inbox/taps', { message_id: messageId, option });
  } catch (error) {
    toast(`The tap was not sent: ${error.message}`);
  } finally {
    button.disabled = false;
  }
}

function drawConversation(conversation) {
  const box = messages();
  const shown = new Set(conversation.messages.map((m) => m.id));
  // A reaction is drawn on the message it reacts to; only one to a message not shown here
  // gets a bubble of its own.
  const visible = conversation.messages.filter((m) => !(m.reaction_to && shown.has(m.reaction_to)));
  keyed(box, visible, (m) => m.id, (m) => bubble(m, { onTap: tap, openMenus }));
  follow();
}

async function loadConversation() {
  if (!current) return;
  const wanted = current.wa_id;
  // A number typed in the sidebar that has no messages yet comes back as an empty chat.
  const { data } = await get(`/_inbox/conversations/${encodeURIComponent(wanted)}`);
  if (current?.wa_id !== wanted) return;
  current = data;
  head(data);
  drawConversation(data);
}

/** Fetches the conversation list and the open conversation. */
export async function refresh() {
  const { data } = await get('/_inbox/conversations');
  if (!current && data.length) {
    navigate(data[0].wa_id);
    return;
  }
  drawList(data);
  await loadConversation();
}

/** Opens the conversation with this WhatsApp id (digits). */
export function open(waId) {
  if (current?.wa_id === waId) return;
  current = { wa_id: waId, customer: `+${waId}` };
  openMenus.clear();
  following = true;
  messages().replaceChildren();
  messages().__keyed = undefined;
  document.getElementById('composer').hidden = false;
  for (const item of list().children) item.classList.toggle('selected', item.dataset.waId === waId);
}

/** Wires the forms; `go(waId)` shows a conversation. */
export function mount(go) {
  navigate = go;
  const box = messages();
  box.addEventListener('scroll', () => {
    following = box.scrollHeight - box.scrollTop - box.clientHeight < 48;
  });
  // Pictures make a bubble taller when they arrive, after it was drawn.
  box.addEventListener('load', follow, true);
  document.getElementById('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.body;
    const body = input.value;
    if (!current || !body.trim()) return;
    try {
      await post('/_inbox/control/inbound', { from: current.customer, type: 'text', text: { body } });
      input.value = '';
    } catch (error) {
      toast(`The message was not sent: ${error.message}`);
    }
  });
  document.getElementById('new-chat').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = event.currentTarget.elements.number;
    const digits = input.value.replace(/\D/g, '');
    if (!digits) return;
    input.value = '';
    navigate(digits);
  });
}
