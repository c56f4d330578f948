'use strict';
/**
 * `client.templates`: list (an async iterator over every page, driven by the core's lazy
 * stream), one page, get, create, update, delete.
 * @module botika/lib/templates
 */

const { call, callJson, json } = require('./call.js');
const { fromNative } = require('../errors.js');

/** Message templates. */
class Templates {
  #native;

  /** @param {object} nativeClient */
  constructor(nativeClient) {
    this.#native = nativeClient;
  }

  /**
   * Every template (matching `search`, if given), fetched page by page as the iteration reaches
   * them: `for await (const template of client.templates.list({ search: 'promo' }))`.
   * `options.signal` cancels the page being fetched.
   * @param {{search?: string}} [filter]
   * @param {import('../index').CallOptions} [options]
   * @returns {AsyncGenerator<import('../index').MessageTemplate, void, undefined>}
   */
  async *list({ search } = {}, options = undefined) {
    const { signal, ...rest } = options ?? {};
    let cursor;
    try {
      cursor = this.#native.listTemplates(search ?? undefined, json(rest));
    } catch (error) {
      throw fromNative(error);
    }
    for (;;) {
      const next = await call({ signal }, (_, token) => cursor.next(token));
      if (next === null || next === undefined) {
        return;
      }
      yield JSON.parse(next);
    }
  }

  /**
   * One page (numbered from 1) of the templates, with the next page's number (`null` on the last).
   * @param {number} page
   * @param {{search?: string}} [filter]
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').TemplatePage>}
   */
  listPage(page, { search } = {}, options = undefined) {
    return callJson(options, (opts, token) =>
      this.#native.listTemplatesPage(page, search ?? undefined, opts, token));
  }

  /**
   * The template named `name` in `language` (searched through every page), or `null`.
   * @param {string} name
   * @param {string} language
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').MessageTemplate | null>}
   */
  async find(name, language, options = undefined) {
    const found = await call(options, (opts, token) => this.#native.findTemplate(name, language, opts, token));
    return found === null || found === undefined ? null : JSON.parse(found);
  }

  /**
   * The template with this id; an unknown id is a NotFoundError.
   * @param {string | number} id
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').MessageTemplate>}
   */
  get(id, options = undefined) {
    return callJson(options, (opts, token) => this.#native.getTemplate(String(id), opts, token));
  }

  /**
   * Creates a template (status `PENDING` until reviewed): `{ name, language, category,
   * components }`, components in Meta's schema (keys in camelCase or snake_case).
   * @param {import('../index').NewTemplate} template
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').MessageTemplate>}
   */
  create(template, options = undefined) {
    return callJson(options, (opts, token) => this.#native.createTemplate(json(template), opts, token));
  }

  /**
   * Changes a `REJECTED` template's `category` or `components`; it goes back to `PENDING`.
   * @param {string | number} id
   * @param {import('../index').TemplateUpdate} update
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<import('../index').MessageTemplate>}
   */
  update(id, update, options = undefined) {
    return callJson(options, (opts, token) =>
      this.#native.updateTemplate(String(id), json(update), opts, token));
  }

  /**
   * Deletes every language of the template `name`.
   * @param {string} name
   * @param {import('../index').CallOptions} [options]
   * @returns {Promise<void>}
   */
  async delete(name, options = undefined) {
    await call(options, (opts, token) => this.#native.deleteTemplate(name, opts, token));
  }
}

module.exports = { Templates };
