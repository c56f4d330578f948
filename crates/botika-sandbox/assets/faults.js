// The faults view: the active faults with how often each matched and fired, a form to add one,
// and removal, all through the control API.

import { get, post, remove } from './api.js';
import { el, keyed, toast } from './dom.js';

function effect(fault) {
  switch (fault.kind) {
    case 'latency': return `wait ${fault.latency_ms ?? 0} ms`;
    case 'error': return `answer ${fault.status ?? 500}`;
    case 'rate_limit': return `429, Retry-After ${fault.retry_after ?? 1}`;
    case 'drop_before': return 'close before handling';
    case 'malformed': return 'handle, then answer 200 with broken JSON';
    default: return 'handle, then close';
  }
}

function row(fault) {
  const often = [
    fault.count ? `next ${fault.count}` : null,
    fault.rate ? `${fault.rate * 100}% of matches` : null,
  ].filter(Boolean).join(', ') || 'every match';
  return el('tr', { data: { faultId: fault.id, kind: fault.kind } },
    el('td', {}, String(fault.id)),
    el('td', {}, fault.kind),
    el('td', {}, `${fault.method ?? 'any method'} ${fault.path ?? 'any path'}`),
    el('td', {}, often),
    el('td', {}, effect(fault)),
    el('td', {}, String(fault.matched)),
    el('td', {}, String(fault.fired)),
    el('td', {}, el('button', {
      type: 'button',
      class: 'danger',
      onclick: () => remove(`/_inbox/control/faults/${fault.id}`).catch((e) => toast(e.message)),
    }, 'Remove')));
}

/** The form as a fault: empty fields left out, numbers as numbers. */
function spec(form) {
  const fault = {};
  for (const [name, value] of new FormData(form)) {
    if (value === '') continue;
    fault[name] = form.elements[name].type === 'number' ? Number(value) : value;
  }
  return fault;
}

/** Shows only the fields of the chosen kind. */
function fitFields(form) {
  const kind = form.elements.kind.value;
  for (const label of form.querySelectorAll('label[data-for]')) {
    const own = label.dataset.for === kind;
    label.hidden = !own;
    label.querySelector('input').disabled = !own;
  }
}

export async function refresh() {
  const { data } = await get('/_inbox/control/faults');
  keyed(document.getElementById('fault-rows'), data, (f) => f.id, row);
  document.getElementById('no-faults').hidden = data.length > 0;
  document.getElementById('clear-faults').hidden = data.length === 0;
}

export function mount() {
  const form = document.getElementById('fault-form');
  fitFields(form);
  form.elements.kind.addEventListener('change', () => fitFields(form));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await post('/_inbox/control/faults', spec(form));
    } catch (error) {
      toast(`The fault was not added: ${error.message}`);
    }
  });
  document.getElementById('clear-faults').addEventListener('click', () => {
    remove('/_inbox/control/faults').catch((e) => toast(e.message));
  });
}
