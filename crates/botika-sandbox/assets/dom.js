// Building the page's elements. Text always goes in as text nodes and never as HTML, so nothing a
// bot or a customer sends can run in the page; links are only followed to web addresses.

/** An element with properties, attributes and children (strings become text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** An SVG element (the delivery ticks). */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

/** `url` when it is a web address or one of the sandbox's own, else nothing (no javascript: links). */
export function safeUrl(url) {
  if (typeof url !== 'string') return undefined;
  if (url.startsWith('/_inbox/')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link that opens outside the page, or the text alone when the address is not a web one. */
export function outsideLink(url, text) {
  const href = safeUrl(url);
  if (!href) return el('span', {}, text);
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text);
}

/** Hours and minutes of an ISO time, in the browser's time zone. */
export function clock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Date and time of an ISO time, to the second. */
export function moment(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso ?? '') : date.toLocaleString();
}

/** A byte count for people. */
export function size(bytes) {
  if (typeof bytes !== 'number') return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Shows `items` in `container`, one child per item, reusing the children of items whose data did
 * not change, so that an update keeps scroll positions, open details and focus. `render(item)`
 * makes a child; `key(item)` names an item across updates.
 */
export function keyed(container, items, key, render) {
  const before = container.__keyed ?? new Map();
  const after = new Map();
  let previous = null;
  for (const item of items) {
    const id = String(key(item));
    const signature = JSON.stringify(item);
    let entry = before.get(id);
    if (!entry || entry.signature !== signature) {
      const node = render(item);
      if (entry) entry.node.replaceWith(node);
      entry = { node, signature };
    }
    const expected = previous ? previous.nextSibling : container.firstChild;
    if (expected !== entry.node) container.insertBefore(entry.node, expected);
    after.set(id, entry);
    before.delete(id);
    previous = entry.node;
  }
  for (const gone of before.values()) gone.node.remove();
  container.__keyed = after;
}

let toastTimer;

/** A message at the bottom of the page for a few seconds. */
export function toast(message) {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 6000);
}
