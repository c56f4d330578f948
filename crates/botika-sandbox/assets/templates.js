// The templates view: every template with its status, approved or rejected by hand through the
// control API (the sandbox sends the review's webhook).

import { get, post } from './api.js';
import { el, keyed, toast } from './dom.js';

/** The template's text parts, one line each, with its buttons. */
function content(template) {
  return (template.components ?? []).map((component) => {
    const type = String(component.type ?? '').toUpperCase();
    if (type === 'BUTTONS') {
      return el('div', { class: 'component buttons' },
        (component.buttons ?? []).map((b) => el('span', { class: 'chip' }, b.text ?? b.type)));
    }
    const words = component.text ?? (component.format ? `${component.format} header` : type);
    return el('div', { class: `component ${type.toLowerCase()}` }, words);
  });
}

async function review(id, decision, reason) {
  try {
    await post(`/_inbox/control/templates/${id}/${decision}`, decision === 'reject' ? { reason } : {});
  } catch (error) {
    toast(`The review was not saved: ${error.message}`);
  }
}

function actions(template) {
  const reason = el('input', {
    name: 'reason',
    placeholder: 'Reason for rejecting',
    'aria-label': `Reason for rejecting ${template.name}`,
  });
  return el('div', { class: 'review' },
    el('button', {
      type: 'button',
      class: 'approve',
      disabled: template.status === 'APPROVED',
      onclick: () => review(template.id, 'approve'),
    }, 'Approve'),
    el('form', {
      class: 'reject',
      onsubmit: (event) => {
        event.preventDefault();
        review(template.id, 'reject', reason.value.trim() || undefined);
      },
    }, reason, el('button', { type: 'submit', class: 'danger' }, 'Reject')));
}

function row(template) {
  return el('tr', { data: { templateId: template.id, name: template.name, status: template.status } },
    el('td', {}, String(template.id)),
    el('td', {}, el('strong', {}, template.name)),
    el('td', {}, template.language),
    el('td', {}, template.category),
    el('td', { class: 'content' }, content(template)),
    el('td', {},
      el('span', { class: `status status-${template.status.toLowerCase()}` }, template.status),
      template.rejected_reason ? el('small', { class: 'reason' }, template.rejected_reason) : null),
    el('td', {}, actions(template)));
}

export async function refresh() {
  const { data } = await get('/_inbox/templates');
  keyed(document.getElementById('template-rows'), data, (t) => t.id, row);
}
