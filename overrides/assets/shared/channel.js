// The page's end of the protocol (protocol.js): each call goes to the worker once it has started, waits for its one
// reply, and is sent again to the next worker when the one it went to dies unanswered (the answers are never in
// the worker alone: what the user typed is in the page and in localStorage).

/** A call the worker answered with an error (or could not answer): `info` says why. */
export class Failure extends Error {
  /** @param {import("./protocol.js").ErrorInfo} info */
  constructor(info) {
    super(info.message);
    this.info = info;
  }
}

/**
 * A call sent and not yet answered.
 * @typedef {object} Pending
 * @property {import("./protocol.js").FunctionName} fn
 * @property {import("./protocol.js").Argument[]} args
 * @property {(value: any) => void} resolve
 * @property {(error: Failure) => void} reject
 */

export class Channel {
  constructor() {
    /** @type {Map<number, Pending>} sent again if the worker dies */
    this.pending = new Map();
    this.nextId = 1;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {import("./protocol.js").ErrorInfo | null} why every call fails, once Python cannot start */
    this.closed = null;
    /** @type {() => void} */
    this.markReady = () => {};
    /** @type {Promise<void>} */
    this.ready = Promise.resolve();
    this.connect(null);
  }

  /**
   * A new worker, starting: calls wait for its start, those that waited for a dead one's too.
   * @param {Worker | null} worker
   */
  connect(worker) {
    const previous = this.markReady;
    this.worker = worker;
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
    previous();
  }

  /** The worker has started: every call a dead worker left unanswered goes to it, then the waiting calls. */
  open() {
    this.pending.forEach(({ fn, args }, id) => this.post(id, fn, args));
    this.markReady();
  }

  /**
   * Python cannot start: every call fails with `info`, now and from now on, instead of waiting for ever.
   * @param {import("./protocol.js").ErrorInfo} info
   */
  close(info) {
    this.closed = info;
    this.pending.forEach(({ reject }) => reject(new Failure(info)));
    this.pending.clear();
    this.markReady();
  }

  /**
   * Call one of generator.adapters.web's functions: its value, or a Failure.
   * @param {import("./protocol.js").FunctionName} fn
   * @param {import("./protocol.js").Argument[]} args
   * @returns {Promise<any>}
   */
  async call(fn, args) {
    let waitedFor;
    do {
      waitedFor = this.worker;
      await this.ready;
    } while (waitedFor !== this.worker);
    if (this.closed) throw new Failure(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { fn, args, resolve, reject });
      this.post(id, fn, args);
    });
  }

  /**
   * The worker's reply settles its call (a reply to a call already settled is ignored).
   * @param {import("./protocol.js").Reply} reply
   */
  settle(reply) {
    const call = this.pending.get(reply.id);
    if (!call) return;
    this.pending.delete(reply.id);
    if ("error" in reply) call.reject(new Failure(reply.error));
    else call.resolve(reply.value);
  }

  /**
   * @param {number} id
   * @param {import("./protocol.js").FunctionName} fn
   * @param {import("./protocol.js").Argument[]} args
   */
  post(id, fn, args) {
    /** @type {import("./protocol.js").ToWorker} */
    const message = { type: "call", id, fn, args };
    this.worker.postMessage(message);
  }
}
