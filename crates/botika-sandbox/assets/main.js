// The page's entry: views chosen by the address (#/chats/<number>, #/templates, #/webhooks,
// #/faults), signing in, and live updates from the sandbox's event stream, which says which part
// changed so that only that part is fetched again.

import { get, post, remove, serialised, session } from './api.js';
import * as chats from './chats.js';
import * as faults from './faults.js';
import * as templates from './templates.js';
import * as webhooks from './webhooks.js';
import { toast } from './dom.js';

const report = (error) => {
  if (error.status !== 401) toast(error.message);
};

/**
 * Each view's refresh, run one at a time and at most every so often (the webhook log can hold
 * 10,000 deliveries), and the change counter it follows.
 */
const views = {
  chats: { refresh: serialised(chats.refresh, report, 250), source: 'state' },
  templates: { refresh: serialised(templates.refresh, report, 250), source: 'state' },
  webhooks: { refresh: serialised(webhooks.refresh, report, 1000), source: 'webhooks' },
  faults: { refresh: serialised(faults.refresh, report, 250), source: 'faults' },
};

/** The view on screen; the others are fetched when shown. */
let shown = 'chats';

function route() {
  const [, tab = 'chats', arg] = location.hash.split('/');
  shown = tab in views ? tab : 'chats';
  for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== shown;
  for (const link of document.querySelectorAll('[data-tab]')) {
    link.toggleAttribute('aria-current', link.dataset.tab === shown);
  }
  if (shown === 'chats' && arg) chats.open(decodeURIComponent(arg));
  views[shown].refresh();
}

function markChanged(source) {
  if (views[shown].source === source) views[shown].refresh();
}

let events = null;

function setLive(state, words) {
  const live = document.getElementById('live');
  live.dataset.state = state;
  live.textContent = words;
}

/** Follows the sandbox's change counters; the first event after (re)connecting reloads all. */
function connect() {
  events?.close();
  let seen = null;
  events = new EventSource('/_inbox/events');
  events.onopen = () => setLive('live', 'live');
  events.onerror = () => {
    setLive('reconnecting', 'reconnecting');
    // EventSource hides the status: ask whether the session is gone (a 401 asks to sign in;
    // a sandbox that is down is simply retried by the EventSource).
    get('/_inbox/templates').catch(() => {});
  };
  events.addEventListener('change', (event) => {
    const revisions = JSON.parse(event.data);
    for (const source of ['state', 'webhooks', 'faults']) {
      if (!seen || seen[source] !== revisions[source]) markChanged(source);
    }
    seen = revisions;
  });
}

function askToSignIn(message) {
  events?.close();
  events = null;
  setLive('signed-out', 'signed out');
  const error = document.getElementById('sign-in-error');
  error.hidden = !message;
  error.textContent = message ?? '';
  const dialog = document.getElementById('sign-in');
  if (!dialog.open) dialog.showModal();
}

function mountSignIn() {
  const form = document.getElementById('sign-in-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await post('/_inbox/session', { token: form.elements.token.value });
      form.reset();
      document.getElementById('sign-in').close();
      connect();
      route();
    } catch (error) {
      askToSignIn(error.status === 401 ? 'The sandbox does not accept that token.' : error.message);
    }
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    await remove('/_inbox/session').catch(report);
    askToSignIn();
  });
  session.addEventListener('needed', () => askToSignIn());
}

mountSignIn();
chats.mount((waId) => { location.hash = `#/chats/${encodeURIComponent(waId)}`; });
faults.mount();
window.addEventListener('hashchange', route);
if (location.hash === '#token-refused') {
  history.replaceState(null, '', '/');
  askToSignIn('The sandbox does not accept that token.');
} else {
  connect();
  route();
}
