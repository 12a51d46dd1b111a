// The Python worker's life, seen from the page: started from the page's head, watched while it starts (a start
// without progress fails with a message instead of loading for ever) and while it lives (a worker can die without a
// word), started again when it dies, and given up after three deaths. Calls go through the channel (channel.js);
// what the page shows is status.js's.
import { canRunPyodide } from "./browser-check.js";
import { config } from "./config.js";
import * as status from "./status.js";

/** @typedef {"loading" | "ready" | "failed"} State */

// A start without progress fails after config.timers.stall seconds (15) while the worker beats (it is idle, so it
// waits for something that will not come) unless a file is still downloading, and after 2 minutes in any case.
const STALLED_ANYWAY = 120;

export class Lifecycle {
  /** @param {import("./channel.js").Channel} channel */
  constructor(channel) {
    this.channel = channel;
    /** @type {State} */
    this.state = "loading";
    /** @type {Worker | null} */
    this.worker = null;
    this.restarts = 0;
    this.heardAt = performance.now();
    this.progressAt = performance.now();
    this.downloading = 0; // files on their way, as the worker's last beat said
    this.beatsSinceProgress = 0;
    /** @type {Array<() => void>} told each time Python is ready */
    this.readyCallbacks = [];
    /** @type {Array<(message: string) => void>} told once the page shows that Python cannot start */
    this.failedCallbacks = [];
    this.failedShown = false;
    /** @type {{silence?: number, stall?: number, slow?: number}} every timer, cleared once it has no more to do */
    this.timers = {};
  }

  /** Start Python, unless this browser cannot run it (browser-check.js): then nothing of it loads. */
  begin() {
    status.loading();
    if (!canRunPyodide()) return this.fail("this browser cannot run Pyodide", { kind: "unsupported" });
    // A slow line: once the start has taken config.timers.slow seconds (8), the status line says so, and that the
    // page need not be waited for; the bar goes on following the bytes.
    this.timers.slow = window.setTimeout(() => { if (!this.restarts) status.slow(); }, config.timers.slow * 1000);
    this.spawn();
  }

  /** A new worker, which holds a Web Lock for its whole life. */
  spawn() {
    const worker = new Worker(new URL(config.worker, location.href), { type: "module" });
    this.worker = worker;
    this.channel.connect(worker);
    worker.onmessage = ({ data }) => this.receive(data);
    worker.onerror = (event) => this.fail(event.message || "the worker could not start");
    const lock = `ku-python-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    /** @type {import("./protocol.js").ToWorker} */
    const init = { type: "init", indexURL: new URL(config.pyodide, location.href).href, lock };
    worker.postMessage(init);
    this.watchStart();
    this.watchSilence();
  }

  /** @param {import("./protocol.js").FromWorker} message */
  receive(message) {
    this.heardAt = performance.now();
    switch (message.type) {
      case "progress":
        this.progressAt = this.heardAt; // a new stage or a file arrived: a heartbeat alone is no progress
        this.beatsSinceProgress = 0;
        if (this.state === "loading") status.progressed(message);
        break;
      case "beat":
        this.downloading = message.downloading || 0;
        this.beatsSinceProgress++;
        break;
      case "held":
        this.watchLock(message.lock);
        break;
      case "ready":
        this.started(message);
        break;
      case "kept":
        status.kept();
        break;
      case "notice":
        status.notice(message.problem);
        break;
      case "stale":
        this.died(config.ui.starting_fresh); // a check failed in a restored Python: the worker forgot its snapshot
        break;
      case "failed":
        this.fail(message.message, message.problem);
        break;
      case "reply":
        this.channel.settle(message);
        break;
    }
  }

  /** @param {import("./protocol.js").Ready} ready */
  started(ready) {
    this.stop("slow", "stall");
    this.state = "ready";
    status.ready(ready);
    this.channel.open();
    this.readyCallbacks.forEach((callback) => callback());
    // Once the page is idle, import what files and printing need (openpyxl, jinja2).
    const idle = window.requestIdleCallback || ((/** @type {() => void} */ then) => setTimeout(then, 500));
    idle(() => this.channel.call("preload", []));
  }

  /**
   * Python cannot start: said on the page, every call fails, every timer stops.
   * @param {string} message
   * @param {import("./protocol.js").Problem} [problem]
   */
  fail(message, problem) {
    if (this.state === "failed") return;
    this.state = "failed";
    this.stop("slow", "stall", "silence");
    if (this.worker) this.worker.terminate();
    console.error("Python worker:", message);
    this.channel.close({ message: config.ui.failed }); // calls waiting for a start that will not come fail now
    status.failed(message, problem, () => {
      this.failedShown = true;
      this.failedCallbacks.forEach((callback) => callback(message));
    });
  }

  /**
   * Start a new worker; the channel sends it every unanswered call. Three deaths in one visit are a failure, not bad
   * luck.
   * @param {string} [why]  what the status line says meanwhile
   */
  died(why = config.ui.restarting) {
    if (this.state === "failed") return;
    this.worker.terminate();
    if (++this.restarts > 2) return this.fail("the worker stopped three times");
    console.warn("Python worker stopped; starting it again");
    this.state = "loading";
    status.restarting(why, this.restarts);
    this.heardAt = this.progressAt = performance.now();
    this.beatsSinceProgress = 0;
    this.spawn();
  }

  /**
   * A worker can die without a word (out of memory, a crash, closed): the page then gets the lock the worker held
   * for its whole life, and the silence watchdog has nothing more to do.
   * @param {string} lock
   */
  watchLock(lock) {
    const watched = this.worker;
    this.stop("silence");
    navigator.locks.request(lock, () => { if (this.worker === watched) this.died(); });
  }

  /**
   * Without Web Locks (plain http is not a secure context), a call unanswered while the worker has been silent for
   * config.timers.silence seconds (20) counts as its death (it beats every 2 s while it waits; its longest
   * computation, 200 applications at the desk, takes under 2 s here).
   */
  watchSilence() {
    this.stop("silence");
    this.timers.silence = window.setInterval(() => {
      if (this.channel.pending.size && performance.now() - this.heardAt > config.timers.silence * 1000) this.died();
    }, 2500);
  }

  /**
   * A start that makes no progress fails. Progress is a new stage or a file arrived, never a heartbeat; a worker
   * busy starting Python cannot beat, so a slow computer is not taken for a stalled start.
   */
  watchStart() {
    this.stop("stall");
    const idle = config.timers.stall;
    const beats = Math.max(1, Math.floor(idle * 0.4));
    this.timers.stall = window.setInterval(() => {
      const waited = (performance.now() - this.progressAt) / 1000;
      if (waited > STALLED_ANYWAY) this.fail("no progress", { kind: "stalled", seconds: STALLED_ANYWAY });
      else if (waited > idle && this.beatsSinceProgress >= beats && !this.downloading) this.fail("no progress", { kind: "stalled", seconds: idle });
    }, 1000);
  }

  /**
   * Clear timers that have no more to do.
   * @param {...("silence" | "stall" | "slow")} names
   */
  stop(...names) {
    for (const name of names) {
      clearTimeout(this.timers[name]); // clears an interval as well
      delete this.timers[name];
    }
  }
}
