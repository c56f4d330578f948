// One message drawn as a WhatsApp chat bubble: the business's on the right, the customer's on the
// left, with the file, the rendered template, the options a customer can tap, the quoted message,
// reactions, and delivery ticks that follow the statuses.

import { clock, el, outsideLink, moment, size, svg } from './dom.js';

// Two check marks side by side, the second's short stroke tucked under the first's long one.
const TICK = 'M1.5 6.5l3 3 7-7.5';
const SECOND_TICK = 'M7.2 9l.3.5 7-7.5';

/** The delivery mark of a business message: a clock until sent, then one, two or two blue ticks. */
function ticks(message) {
  const status = message.status;
  const history = message.statuses.map((s) => `${s.status} ${moment(s.at)}`).join('\n');
  const mark = el('span', { class: 'ticks', data: { status }, title: history, 'aria-label': status });
  if (status === 'failed') {
    mark.append('!');
  } else if (status === 'accepted') {
    mark.append(svg('svg', { viewBox: '0 0 16 16', width: 14, height: 14 },
      svg('circle', { cx: 8, cy: 8, r: 6.2 }),
      svg('path', { d: 'M8 4.5V8l2.5 1.5' })));
  } else {
    const paths = [svg('path', { d: TICK })];
    if (status === 'delivered' || status === 'read') paths.push(svg('path', { d: SECOND_TICK }));
    mark.append(svg('svg', { viewBox: '0 0 16 11', width: 17, height: 12 }, ...paths));
  }
  return mark;
}

/** A file: pictures and stickers shown, videos playable, sounds and documents as links. */
function media(file) {
  if (!file) return null;
  if (file.missing) return el('p', { class: 'missing' }, `The ${file.kind} (media ${file.id}) was deleted.`);
  if (!file.url) {
    return el('p', { class: 'file' }, `${file.kind} by link: `, outsideLink(file.link, file.link ?? ''));
  }
  const name = file.filename || `${file.kind} ${file.id}`;
  switch (file.kind) {
    case 'image':
      return el('img', { class: 'picture', src: file.url, alt: file.caption ?? 'image' });
    case 'sticker':
      return el('img', { class: 'sticker', src: file.url, alt: 'sticker' });
    case 'video':
      return el('video', { class: 'picture', src: file.url, controls: true, preload: 'metadata' });
    default:
      return el('a', { class: 'file', href: file.url, download: name, data: { kind: file.kind } },
        el('span', { class: 'file-kind' }, file.kind === 'audio' ? 'Audio' : 'Document'),
        el('span', { class: 'file-name' }, name),
        el('span', { class: 'file-size' }, [file.mime, size(file.size)].filter(Boolean).join(' · ')));
  }
}

function text(body, className = 'text') {
  return body ? el('p', { class: className }, body) : null;
}

function location(place) {
  const where = `${place.latitude}, ${place.longitude}`;
  const map = `https://www.openstreetmap.org/?mlat=${encodeURIComponent(place.latitude)}&mlon=${encodeURIComponent(place.longitude)}`;
  return el('div', { class: 'card location' },
    el('strong', {}, place.name ?? 'Location'),
    place.address ? el('span', {}, place.address) : null,
    outsideLink(map, where));
}

function contacts(cards) {
  return (Array.isArray(cards) ? cards : []).map((card) => el('div', { class: 'card contact' },
    el('strong', {}, typeof card.name === 'string' ? card.name : card.name?.formatted_name ?? 'Contact'),
    el('span', {}, card.phone ?? card.phones?.[0]?.phone ?? '')));
}

/** The options a customer can tap: `onTap(option)` sends the tap. */
function optionButton(option, onTap) {
  return el('button', {
    type: 'button',
    class: 'option',
    data: { option: option.option },
    onclick: (event) => onTap(option.option, event.currentTarget),
  }, option.title);
}

function interactive(message, content, context) {
  if (message.direction === 'inbound') {
    const reply = content.button_reply ?? content.list_reply ?? {};
    return [text(reply.title), text(reply.description, 'footer')];
  }
  const header = content.header;
  const parts = [
    header?.type === 'text' ? el('p', { class: 'header' }, header.text) : media(message.media),
    text(content.body?.text),
    text(content.footer?.text, 'footer'),
  ];
  if (content.type === 'product' || content.type === 'product_list') {
    const items = content.type === 'product'
      ? [content.action?.product_retailer_id]
      : (content.action?.sections ?? []).flatMap((s) => (s.product_items ?? []).map((p) => p.product_retailer_id));
    parts.push(el('p', { class: 'footer' }, `Catalog ${content.action?.catalog_id ?? ''}: ${items.join(', ')}`));
  }
  if (content.type === 'list' && message.options) {
    parts.push(listMenu(message, content.action?.button ?? 'Options', context));
  }
  return parts;
}

/** A list message's menu: its rows by section, opened from the button under the text. */
function listMenu(message, label, context) {
  const sections = [];
  for (const option of message.options) {
    const title = option.section ?? '';
    if (!sections.length || sections[sections.length - 1].title !== title) sections.push({ title, rows: [] });
    sections[sections.length - 1].rows.push(option);
  }
  const menu = el('details', { class: 'list-menu', open: context.openMenus.has(message.id) },
    el('summary', {}, label),
    sections.map((section) => el('div', { class: 'list-section' },
      section.title ? el('h4', {}, section.title) : null,
      section.rows.map((row) => el('button', {
        type: 'button',
        class: 'row-option',
        data: { option: row.option },
        onclick: (event) => {
          // As on a phone, the menu closes once a row is chosen.
          menu.open = false;
          context.onTap(message.id, row.option, event.currentTarget);
        },
      }, el('span', {}, row.title), row.description ? el('small', {}, row.description) : null)))));
  menu.addEventListener('toggle', () => {
    if (menu.open) context.openMenus.add(message.id);
    else context.openMenus.delete(message.id);
  });
  return menu;
}

function template(message) {
  const view = message.template;
  const label = el('p', { class: 'template-label' }, `Template ${view.name} (${view.language})`);
  if (!view.found) {
    return [label, el('p', { class: 'missing' }, 'This template is no longer stored, so it cannot be shown.')];
  }
  const header = view.header;
  let top = null;
  if (header?.type === 'text') top = el('p', { class: 'header' }, header.text);
  else if (header?.media) top = media(header.media);
  const links = (view.buttons ?? []).filter((b) => b.option === undefined).map((button) => {
    if (button.type === 'URL') return el('div', { class: 'template-link' }, outsideLink(button.url, button.text));
    if (button.type === 'PHONE_NUMBER') return el('div', { class: 'template-link' }, `${button.text}: ${button.phone_number ?? ''}`);
    if (button.type === 'COPY_CODE') return el('div', { class: 'template-link' }, `${button.text}: ${button.code ?? ''}`);
    return el('div', { class: 'template-link' }, button.text);
  });
  return [label, top, text(view.body), text(view.footer, 'footer'), links];
}

/** What the bubble shows for each kind of message. */
function body(message, context) {
  const content = message.content?.[message.type] ?? {};
  switch (message.type) {
    case 'text':
      return text(content.body);
    case 'image':
    case 'video':
    case 'sticker':
    case 'audio':
    case 'document':
      return [media(message.media), text(content.caption, 'caption')];
    case 'location':
      return location(content);
    case 'contacts':
      return contacts(content);
    case 'interactive':
      return interactive(message, content, context);
    case 'template':
      return template(message);
    case 'button':
      return [text(content.text), el('p', { class: 'footer' }, `Quick reply, payload ${content.payload ?? ''}`)];
    case 'reaction':
      return text(message.preview);
    default:
      return el('pre', { class: 'raw' }, JSON.stringify(content, null, 2));
  }
}

function failure(message) {
  const error = Array.isArray(message.errors) ? message.errors[0] : null;
  if (message.status !== 'failed' || !error) return null;
  return el('p', { class: 'failure' }, `Failed: ${error.title ?? 'error'} (${error.code ?? '?'})`);
}

/** Buttons under a bubble: reply buttons and template quick replies, tappable by the customer. */
function buttonsUnder(message, context) {
  const kind = message.content?.[message.type]?.type;
  const tappable = message.options && (message.type === 'template' || kind === 'button');
  if (!tappable) return null;
  return el('div', { class: 'options' },
    message.options.map((option) => optionButton(option, (n, button) => context.onTap(message.id, n, button))));
}

/**
 * The row of one message. `context` has `onTap(messageId, option, button)` and `openMenus` (the
 * ids of list messages whose menu is open).
 */
export function bubble(message, context) {
  const outbound = message.direction === 'outbound';
  const quote = message.reply_to
    ? el('div', { class: 'quote', data: { quotes: message.reply_to.id } },
      el('strong', {}, message.reply_to.direction === 'outbound' ? 'Business' : 'Customer'),
      el('span', {}, message.reply_to.preview))
    : null;
  const meta = el('div', { class: 'meta' },
    message.broadcast_id ? el('span', { class: 'broadcast', title: message.broadcast_id }, 'broadcast') : null,
    el('time', { datetime: message.created_at, title: moment(message.created_at) }, clock(message.created_at)),
    outbound ? ticks(message) : null);
  const reactions = message.reactions
    ? el('div', { class: 'reactions' }, message.reactions.map((r) => el('span', { title: r.direction === 'outbound' ? 'Business' : 'Customer' }, r.emoji)))
    : null;
  return el('div', {
    class: `row ${outbound ? 'out' : 'in'}${message.type === 'sticker' ? ' bare' : ''}`,
    data: { messageId: message.id, status: message.status, type: message.type },
  },
  el('div', { class: 'bubble' }, quote, body(message, context), failure(message), meta),
  reactions,
  buttonsUnder(message, context));
}
