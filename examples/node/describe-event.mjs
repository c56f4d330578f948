// One line about a webhook event, shared by the receivers.

/**
 * @param {import('botika').WebhookEvent} event
 * @returns {string}
 */
export function describe(event) {
  switch (event.event) {
    case 'message':
      return event.type === 'text'
        ? `message ${event.id} from ${event.from}: ${JSON.stringify(event.text.body)}`
        : `message ${event.id} from ${event.from}: a ${event.type}`;
    case 'status':
      return `status of ${event.messageId}: ${event.status}`;
    case 'template_status':
      return `template ${event.templateName}: ${event.status}${event.reason ? ` (${event.reason})` : ''}`;
    default:
      return `unknown event: ${JSON.stringify(event.raw)}`;
  }
}
