'use strict';
/**
 * The conformance ops (`<resource>.<python_method_name>`, Python keyword arguments) mapped to
 * the package's camelCase API, each returning the result's dict form (camelCase keys; the runner
 * turns the expected snake_case keys to match). See tests/conformance/README.md.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { camel } = require('./match.js');

/** The binary dict form: `{size, sha256, contentType?, filename?}`. */
function binary(bytes, contentType, filename) {
  return {
    size: bytes.length,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    contentType,
    filename,
  };
}

/** The method of `client.messages` for each `send_*` op, with the arguments it takes. */
const MESSAGE_SENDS = {
  send_text: ['to', 'body', 'preview_url', 'reply_to'],
  send_image: ['to', 'media_id', 'link', 'caption', 'reply_to'],
  send_video: ['to', 'media_id', 'link', 'caption', 'reply_to'],
  send_audio: ['to', 'media_id', 'link', 'reply_to'],
  send_document: ['to', 'media_id', 'link', 'caption', 'filename', 'reply_to'],
  send_sticker: ['to', 'media_id', 'link', 'reply_to'],
  send_location: ['to', 'latitude', 'longitude', 'name', 'address', 'reply_to'],
  send_contacts: ['to', 'contacts', 'reply_to'],
  send_reaction: ['to', 'message_id', 'emoji'],
  send_interactive: ['to', 'interactive', 'reply_to'],
  send_template: ['to', 'name', 'language', 'param', 'reply_to'],
};

/**
 * An op's named arguments as one camelCase object (absent ones left out).
 * @param {import('../conformance.test.js').Args} args
 * @param {string[]} names
 */
function named(args, names) {
  const out = {};
  for (const name of names) {
    const value = args.get(name);
    if (value !== undefined) {
      out[camel(name)] = value;
    }
  }
  return out;
}

/** @type {Record<string, (client: any, args: any, options: object) => Promise<unknown>>} */
const OPS = {
  'profile.get': (client, _args, options) => client.profile.get(options),

  async 'client.request'(client, args, options) {
    const response = await client.request(args.required('method'), args.required('path'),
      { json: args.get('json'), query: args.get('query'), idempotent: args.get('idempotent') }, options);
    return { status: response.status, headers: response.headers, json: response.json, text: response.text,
      requestId: response.requestId };
  },

  'media.upload'(client, args, options) {
    return client.media.upload(args.required('file'),
      named(args, ['kind', 'mime_type', 'filename', 'check']), options);
  },

  async 'media.download'(client, args, options) {
    const media = await client.media.downloadWithInfo(args.required('id'), options);
    return binary(media.bytes, media.mimeType, media.filename);
  },

  async 'media.download_to'(client, args, options) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'botika-conformance-'));
    try {
      const target = path.join(folder, args.required('filename'));
      const saved = await client.media.downloadTo(args.required('id'), target, options);
      return { ...binary(fs.readFileSync(target), saved.mimeType, saved.filename),
        files: fs.readdirSync(folder).sort() };
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },

  'media.delete': (client, args, options) => client.media.delete(args.required('id'), options),

  ...Object.fromEntries(Object.entries(MESSAGE_SENDS).map(([method, names]) => [
    `messages.${method}`,
    (client, args, options) => client.messages[camel(method)](named(args, names), options),
  ])),
  'messages.send': (client, args, options) =>
    client.messages.send(args.required('to'), args.required('message'), options),
  'messages.send_json': (client, args, options) => client.messages.sendJson(args.required('body'), options),
  'messages.mark_read': (client, args, options) => client.messages.markRead(args.required('message_id'), options),

  async 'templates.list'(client, args, options) {
    const all = [];
    for await (const template of client.templates.list({ search: args.get('search') }, options)) {
      all.push(template);
    }
    return all;
  },
  'templates.list_page': (client, args, options) =>
    client.templates.listPage(args.get('page') ?? 1, { search: args.get('search') }, options),
  'templates.get': (client, args, options) => client.templates.get(args.required('id'), options),
  'templates.find': (client, args, options) =>
    client.templates.find(args.required('name'), args.required('language'), options),
  'templates.create': (client, args, options) =>
    client.templates.create(named(args, ['name', 'language', 'category', 'components']), options),
  'templates.update': (client, args, options) =>
    client.templates.update(args.required('id'), named(args, ['category', 'components']), options),
  'templates.delete': (client, args, options) => client.templates.delete(args.required('name'), options),

  'broadcasts.send': (client, args, options) =>
    client.broadcasts.send(named(args, ['name', 'type', 'to', 'template']), options),
  'broadcasts.latest': (client, args, options) => client.broadcasts.latest(args.required('to'), options),
};

/** Keys of an op's result whose values are the API's own JSON (not renamed). */
const VERBATIM = {
  'broadcasts.latest': ['content'],
};

module.exports = { OPS, VERBATIM };
