// Talking to the sandbox: JSON in and out, with the header that requests signed in by cookie must
// carry (see docs/inbox.md), and an event when the sandbox asks the browser to sign in.

/** An answer other than 2xx, with the sandbox's message and field errors. */
export class ApiError extends Error {
  constructor(status, body) {
    const fields = body && body.errors ? Object.values(body.errors).flat() : [];
    super([body?.message ?? `The sandbox answered ${status}.`, ...fields].join(' '));
    this.status = status;
  }
}

/** Fires `needed` whenever the sandbox answers 401. */
export const session = new EventTarget();

/** One request; answers the parsed JSON body (null when empty). */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json', 'X-Botika-Inbox': '1' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (response.status === 401) session.dispatchEvent(new Event('needed'));
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const get = (path) => call('GET', path);
export const post = (path, body = {}) => call('POST', path, body);
export const remove = (path) => call('DELETE', path);

/**
 * `task` run one at a time: a call while it runs makes it run once more afterwards, so a burst of
 * changes costs at most two fetches and the last one always sees the latest state. Runs are at
 * least `pause` ms apart, which bounds the load of a busy sandbox (a broadcast's statuses) on the
 * page. Failures go to `report`.
 */
export function serialised(task, report, pause = 0) {
  let running = null;
  let again = false;
  return function run() {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const started = Date.now();
        try {
          await task();
        } catch (error) {
          report(error);
        }
        const rest = pause - (Date.now() - started);
        if (again && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      } while (again);
      running = null;
    })();
    return running;
  };
}
