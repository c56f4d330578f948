'use strict';
/**
 * `client.messages`: a method per message type, each building the wire object of its type from
 * named fields and handing it to the native send, where the core validates it (errors name the
 * wire path: `text.body`, `interactive.action.buttons[3].reply.title`). Nested parts
 * (`interactive`, template `param`) are accepted in camelCase or snake_case.
 * @module botika/lib/messages
 */

const { call, callJson, json } = require('./call.js');
const bulk = require('./bulk.js');

/**
 * The media object of an image, video, audio, document or sticker: exactly one of `mediaId`
 * (an uploaded file) and `link` (an http(s) URL), plus the type's own fields.
 * @param {{mediaId?: string, link?: string}} message
 * @param {object} [fields]
 */
function mediaObject({ mediaId, link }, fields = {}) {
  return { id: mediaId, link, ...fields };
}

/** Messages: send any of the eleven types, send raw JSON, mark as read. */
class Messages {
  #native;

  /** @param {object} nativeClient */
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  /**
   * Sends a message given in its wire shape: `{ type, [type]: content, replyTo?, extra? }`
   * (nested keys in camelCase or snake_case; `extra`: top-level fields sent exactly as given).
   * Every `send*` method goes through here.
   * @param {string} to the recipient, with its country code (`+62 812-3456-7890`)
   * @param {import('../index').OutgoingMessage} message
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').SentMessage>}
   */
  send(to, message, options = undefined) {
    return callJson(options, (opts, token) =>
      this.#native.sendMessage(to ?? undefined, json(message ?? {}), opts, token));
  }

  /**
   * Sends a request body exactly as given (`POST /messages`), for shapes the SDK does not model;
   * only `to` is checked.
   * @param {Record<string, unknown>} body
   * @param {import('../index').CallOptions} [options]
   */
  sendJson(body, options = undefined) {
    return callJson(options, (opts, token) => this.#native.sendMessageJson(json(body), opts, token));
  }

  /** A text message: `body` up to 4096 characters; `previewUrl` previews its first link. */
  sendText({ to, body, previewUrl, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'text', text: { body, previewUrl }, replyTo, extra }, options);
  }

  /** An image (JPEG or PNG) by `mediaId` or `link`, with an optional caption. */
  sendImage({ to, mediaId, link, caption, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'image', image: mediaObject({ mediaId, link }, { caption }), replyTo, extra },
      options);
  }

  /** A video (MP4 or 3GP) by `mediaId` or `link`, with an optional caption. */
  sendVideo({ to, mediaId, link, caption, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'video', video: mediaObject({ mediaId, link }, { caption }), replyTo, extra },
      options);
  }

  /** An audio file by `mediaId` or `link`. */
  sendAudio({ to, mediaId, link, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'audio', audio: mediaObject({ mediaId, link }), replyTo, extra }, options);
  }

  /** A document by `mediaId` or `link`, with an optional caption and file name. */
  sendDocument({ to, mediaId, link, caption, filename, replyTo, extra }, options = undefined) {
    const document = mediaObject({ mediaId, link }, { caption, filename });
    return this.send(to, { type: 'document', document, replyTo, extra }, options);
  }

  /** A sticker (WebP) by `mediaId` or `link`. */
  sendSticker({ to, mediaId, link, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'sticker', sticker: mediaObject({ mediaId, link }), replyTo, extra }, options);
  }

  /** A location pin, with an optional name and address. */
  sendLocation({ to, latitude, longitude, name, address, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'location', location: { latitude, longitude, name, address }, replyTo, extra },
      options);
  }

  /** Contact cards: `contacts` is a list of `{ name, phone }`. */
  sendContacts({ to, contacts, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'contacts', contacts, replyTo, extra }, options);
  }

  /** A reaction to `messageId`; an empty `emoji` removes the reaction. */
  sendReaction({ to, messageId, emoji, extra }, options = undefined) {
    return this.send(to, { type: 'reaction', reaction: { id: messageId, emoji }, extra }, options);
  }

  /** An interactive message (`button`, `list`, `product`, `product_list`), given whole. */
  sendInteractive({ to, interactive, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'interactive', interactive, replyTo, extra }, options);
  }

  /**
   * A template message: the template's `name` and `language`, and its `param` values
   * (`header`, `body`, `button`, `limitedTimeOffer`).
   */
  sendTemplate({ to, name, language, param, replyTo, extra }, options = undefined) {
    return this.send(to, { type: 'template', template: { name, language, param }, replyTo, extra }, options);
  }

  /**
   * Sends one message to many recipients (`{ recipients, message }`), or a message per
   * recipient (`{ items: [{ to, message }] }`), and resolves with the report: one outcome per
   * recipient, in input order. See {@link Messages#startBulk} to follow the job as it runs.
   * @param {import('../index').BulkRequest} request
   * @param {import('../index').CallOptions} [options] `signal` cancels the job (the promise still
   *   resolves with the report); the others apply to each send
   * @returns {Promise<import('../index').BulkReport>}
   */
  async sendBulk(request, options = undefined) {
    return bulk.startBulk(this.#native, request, options, false).done;
  }

  /**
   * Starts a bulk send like {@link Messages#sendBulk} and answers its job at once: iterate it
   * (`for await`) for the outcomes as they finish, `progress()`, `cancel()`, and `done` for the
   * report. A malformed request throws here; problems with recipients or messages are outcomes.
   * @param {import('../index').BulkRequest} request
   * @param {import('../index').CallOptions} [options]
   * @returns {import('../index').BulkJob}
   */
  startBulk(request, options = undefined) {
    return bulk.startBulk(this.#native, request, options, true);
  }

  /**
   * Marks an inbound message as read; an unknown id (or an outbound one) is a NotFoundError.
   * @param {string} messageId
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<void>}
   */
  async markRead(messageId, options = undefined) {
    await call(options, (opts, token) => this.#native.markRead(messageId, opts, token));
  }
}

module.exports = { Messages };
