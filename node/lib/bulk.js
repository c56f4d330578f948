'use strict';
/**
 * Bulk sends (`client.messages.sendBulk` and `startBulk`). The whole job runs in the native
 * core: validation, concurrency, the client's rate limit, 429 pauses, safe retries and the
 * report's order are the core's. This module starts the job, hands its outcomes to
 * `onProgress` and to iterators as the native side delivers them (in batches), and turns each
 * outcome's error into the botika error of its code.
 * @module botika/lib/bulk
 */

const { callSync, json, optionsJson } = require('./call.js');
const { InvalidArgumentError, fromDetails, fromNative } = require('../errors.js');

/**
 * Outcomes from the native side, each error (its details) made a botika error. The errors get
 * no stack trace: it would only show this module, and capturing it costs more than everything
 * else an outcome needs (20,000 failures: 85 ms instead of 9).
 * @param {Array<{error: object | null}>} outcomes
 */
function toOutcomes(outcomes) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (const outcome of outcomes) {
      if (outcome.error !== null) {
        outcome.error = fromDetails(outcome.error);
      }
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  return outcomes;
}

/** As many outcomes as the native side hands over at once. */
const BATCH = 512;

/** Lets the event loop run (timers, I/O) before going on. */
function turn() {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The report from the native one: its outcomes come in chunks, read one per turn of the event
 * loop so that a large report never holds it for long.
 * @param {{counts: string, outcomes: string[]}} report
 */
async function toReport(report) {
  const outcomes = [];
  for (const [i, chunk] of report.outcomes.entries()) {
    if (i > 0) {
      await turn();
    }
    outcomes.push(...toOutcomes(JSON.parse(chunk)));
  }
  return { outcomes, counts: JSON.parse(report.counts) };
}

/** A bulk send under way: its outcomes as they finish, its progress, cancel, and its report. */
class BulkJob {
  #native;
  #onProgress;
  /** Every outcome handed out so far, in the order they finished; `undefined` when no iterator
   * can read them (`sendBulk`). */
  #delivered;
  #ended = false;
  #failure;
  #warned = false;
  /** Iterators waiting for the next batch. */
  #waiting = [];

  /**
   * @param {object} nativeJob the native job, not yet started
   * @param {{onProgress?: Function, signal?: AbortSignal, iterable: boolean}} settings
   */
  constructor(nativeJob, { onProgress, signal, iterable }) {
    this.#native = nativeJob;
    this.#onProgress = onProgress;
    this.#delivered = iterable ? [] : undefined;
    /**
     * The report once every recipient has its outcome: `outcomes[i]` belongs to the i-th
     * recipient or item.
     * @type {Promise<import('../index').BulkReport>}
     */
    this.done = this.#run(signal, iterable || onProgress !== undefined);
    // A failure reaches the caller through `done` or an iterator, never as an unhandled rejection.
    this.done.catch(() => {});
  }

  /** The counters right now. @returns {import('../index').BulkCounts} */
  progress() {
    return JSON.parse(callSync(() => this.#native.progress()));
  }

  /**
   * Stops starting sends: the ones under way finish with their real result, every recipient not
   * tried ends as `notAttempted`. `done` still resolves with the whole report.
   */
  cancel() {
    callSync(() => this.#native.cancel());
  }

  /**
   * Every outcome, in the order they finish; each iterator gets all of them from the first,
   * whenever it starts. Leaving the loop early does not cancel the job.
   * @returns {AsyncGenerator<import('../index').BulkOutcome, void, undefined>}
   */
  async *[Symbol.asyncIterator]() {
    let position = 0;
    for (;;) {
      while (position < this.#delivered.length) {
        yield this.#delivered[position];
        position += 1;
        // Outcomes already here are handed out in microtasks, which hold the event loop until
        // they run out: let it turn between batches' worth.
        if (position % BATCH === 0) {
          await turn();
        }
      }
      if (this.#ended) {
        if (this.#failure !== undefined) {
          throw this.#failure;
        }
        return;
      }
      await new Promise((resolve) => this.#waiting.push(resolve));
    }
  }

  async #run(signal, streaming) {
    const cancel = () => this.cancel();
    if (signal?.aborted) {
      cancel();
    } else {
      signal?.addEventListener('abort', cancel, { once: true });
    }
    try {
      const report = await this.#native.run(streaming ? (batch) => this.#take(batch) : undefined);
      this.#end();
      return await toReport(report);
    } catch (error) {
      this.#end(fromNative(error));
      throw this.#failure;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** One batch from the native side: to iterators and `onProgress`. */
  #take(batch) {
    const { outcomes, counts } = JSON.parse(batch);
    for (const outcome of toOutcomes(outcomes)) {
      this.#delivered?.push(outcome);
      if (this.#onProgress !== undefined) {
        try {
          this.#onProgress(outcome, counts);
        } catch (error) {
          // The job must go on (the report tells what was sent); once is enough to say so.
          if (!this.#warned) {
            this.#warned = true;
            process.emitWarning(`botika: the onProgress callback threw: ${error}`, { code: 'BOTIKA_ON_PROGRESS' });
          }
        }
      }
    }
    this.#wake();
  }

  #end(failure = undefined) {
    this.#ended = true;
    this.#failure = failure;
    this.#wake();
  }

  #wake() {
    for (const resolve of this.#waiting.splice(0)) {
      resolve();
    }
  }
}

/**
 * Starts a bulk send on `nativeClient`. `request` is `sendBulk`'s first argument; the native side
 * reads everything but `onProgress` and refuses unknown fields, naming them (a request of the
 * wrong shape throws here, a message that is not one rejects `done`).
 * @param {object} nativeClient
 * @param {object} request
 * @param {import('../index').CallOptions | undefined} options
 * @param {boolean} iterable whether the caller gets the job (and may iterate it)
 * @returns {BulkJob}
 */
function startBulk(nativeClient, request, options, iterable) {
  const { onProgress, ...rest } = request ?? {};
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidArgumentError('onProgress: must be a function',
      { code: 'invalid_argument', fieldErrors: { onProgress: ['must be a function'] } });
  }
  const nativeJob = callSync(() => nativeClient.bulkJob(json(rest), optionsJson(options)));
  return new BulkJob(nativeJob, { onProgress, signal: options?.signal ?? undefined, iterable });
}

module.exports = { startBulk };
