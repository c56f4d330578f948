'use strict';
/**
 * `client.media`: upload from a path, a Buffer or a readable stream; download into a Buffer or
 * straight to a file; delete. The core detects the type, checks Botika's limits before
 * sending, and retries.
 * @module botika/lib/media
 */

const { fileURLToPath } = require('node:url');
const { native, call, callJson, json } = require('./call.js');
const { InvalidArgumentError } = require('../errors.js');

/**
 * Feeds a stream's chunks into a native channel, chunk by chunk, waiting while the uploader is busy.
 * Resolves once the stream ended, broke, or the uploader stopped reading.
 * @param {object} channel a native ByteChannel
 * @param {AsyncIterator<unknown>} iterator the stream's iterator (`return()` stops it)
 */
async function pump(channel, iterator) {
  try {
    for (;;) {
      const { done, value } = await iterator.next();
      if (done) {
        channel.end();
        return;
      }
      if (!(await channel.push(Buffer.from(value)))) {
        await iterator.return?.();
        return;
      }
    }
  } catch (error) {
    channel.fail(error instanceof Error ? error.message : String(error));
  }
}

/** The media endpoints (`/media`). */
class Media {
  #native;

  /** @param {object} nativeClient */
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  /**
   * Uploads one file and returns its id and what was sent.
   *
   * `source` is a file path (string or `file:` URL), a Buffer or Uint8Array, or a readable
   * stream (any async iterable of chunks). The MIME type is detected from the content, else the
   * name; the kind from the MIME type; `upload` overrides either. A file that breaks Botika's
   * media table is refused before anything is sent unless `check` is false.
   *
   * @param {string | URL | Uint8Array | AsyncIterable<Uint8Array|string>} source
   * @param {import('../index').UploadSettings} [upload]
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').UploadedMedia>}
   */
  async upload(source, upload = undefined, options = undefined) {
    const settings = json(upload);
    if (typeof source === 'string' || source instanceof URL || source instanceof Uint8Array) {
      const given = source instanceof URL ? fileURLToPath(source)
        : source instanceof Uint8Array && !Buffer.isBuffer(source)
          ? Buffer.from(source.buffer, source.byteOffset, source.byteLength) : source;
      return callJson(options, (opts, token) => this.#native.uploadMedia(given, settings, opts, token));
    }
    if (source !== null && typeof source === 'object' && typeof source[Symbol.asyncIterator] === 'function') {
      const channel = new native.ByteChannel();
      const iterator = source[Symbol.asyncIterator]();
      const feeding = pump(channel, iterator);
      try {
        return await callJson(options, (opts, token) =>
          this.#native.uploadMediaStream(channel, settings, opts, token));
      } finally {
        // The upload is over (done, refused or aborted): stop reading a stream it left unread.
        // The feeding loop ends by itself (it never throws); waiting for it could hang on a
        // stream that never yields again.
        channel.end();
        Promise.resolve(iterator.return?.()).catch(() => {});
        feeding.catch(() => {});
      }
    }
    const rule = 'must be a file path, a file URL, a Buffer, a Uint8Array or a readable stream';
    throw new InvalidArgumentError(`source: ${rule}`, { code: 'invalid_argument', fieldErrors: { source: [rule] } });
  }

  /**
   * Downloads a file into memory: its bytes. `downloadWithInfo` also answers its MIME type and
   * file name.
   * @param {string} id
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<Buffer>}
   */
  download(id, options = undefined) {
    return this.downloadWithInfo(id, options).then(({ bytes }) => bytes);
  }

  /**
   * Downloads a file into memory: its bytes with the MIME type and file name the server gave
   * (`null` when it gave none) and the size.
   * @param {string} id
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').DownloadedMedia>}
   */
  downloadWithInfo(id, options = undefined) {
    return call(options, (opts, token) => this.#native.downloadMedia(id, opts, token))
      .then(({ bytes, mimeType, filename, size }) =>
        ({ bytes, mimeType: mimeType ?? null, filename: filename ?? null, size }));
  }

  /**
   * Downloads a file straight to `path` without holding it in memory; `path` never holds a
   * partial file (it is written beside it and renamed when complete).
   * @param {string} id
   * @param {string | URL} path
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').DownloadedFile>}
   */
  downloadTo(id, path, options = undefined) {
    const target = path instanceof URL ? fileURLToPath(path) : path;
    return callJson(options, (opts, token) => this.#native.downloadMediaTo(id, target, opts, token));
  }

  /**
   * Deletes an uploaded file.
   * @param {string} id
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<void>}
   */
  async delete(id, options = undefined) {
    await call(options, (opts, token) => this.#native.deleteMedia(id, opts, token));
  }
}

module.exports = { Media };
