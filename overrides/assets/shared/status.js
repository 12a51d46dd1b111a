// The status view of Python's start: the bar, the status line, the message by the fields when Python cannot start,
// the webmaster's notices, and the body's data-python ("loading", "ready", "failed": tests and benchmarks wait on
// it). Only what the page shows: when to show it is lifecycle.js's.
import { config } from "./config.js";
import { mark, whenParsed } from "./dom.js";
import { say, text } from "./text.js";

const ui = config.ui;
const $ = (/** @type {string} */ id) => document.getElementById(id);
const bar = () => /** @type {HTMLProgressElement | null} */ ($("ku-progress"));

// Where each stage takes the bar: the runtime's bytes as they arrive (download: done and total in bytes), Python
// started, our wheel unpacked, the rules imported. The bar never goes back. (Compiling is no mark of its own:
// Pyodide compiles small modules of its own long before the wasm is in.)
/** @type {Record<string, [number, number]>} */
const STAGES = { download: [0, 80], runtime: [90, 90], packages: [90, 97], import: [100, 100] };

// Problems the clerk can act on herself (another browser, the network): said in the message; the server's
// are the webmaster's, and stay in the disclosure beside the console's words.
const HERS = new Set(["unsupported", "stalled", "unreachable"]);

/**
 * Why Python could not start, in the words of the problem the worker named (what to change on the server).
 * @param {import("./protocol.js").Problem} [problem]
 * @returns {string}
 */
export function explain(problem) {
  const words = problem && ui[`problem_${problem.kind}`];
  return words ? say(words, problem) : ui.failed;
}

/** The body says Python is loading, as soon as it exists. */
export function loading() {
  mark({ python: "loading" });
}

/**
 * The bar follows the start (a stage it has no mark for moves nothing).
 * @param {import("./protocol.js").Progress} progress
 */
export function progressed(progress) {
  const [from, to] = STAGES[progress.stage] || [0, 0];
  if (!to) return;
  const share = "total" in progress && progress.total ? Math.min(1, progress.done / progress.total) : 0;
  whenParsed(() => { bar().value = Math.max(bar().value || 0, from + (to - from) * share); });
}

/** A slow line: the status line says so, and that the page need not be waited for. */
export function slow() {
  whenParsed(() => { $("ku-status-text").textContent = ui.loading_slow; });
  mark({ pythonSlow: "yes" });
}

/**
 * Python is ready: said, and where its start went marked for the benchmark.
 * @param {import("./protocol.js").Ready} ready
 */
export function ready(ready) {
  mark({
    python: "ready",
    pythonMs: ready.ms,
    pythonSnapshot: ready.snapshot ? "yes" : "no",
    pythonStages: JSON.stringify(ready.stages),
    readyAt: Math.round(performance.now()), // since navigation: read by the benchmark
  });
  whenParsed(() => {
    bar().hidden = true;
    $("ku-status-text").textContent = ui.ready;
  });
}

/** A snapshot of this Python was kept for the next visit. */
export function kept() {
  mark({ pythonSnapshotKept: "yes" });
}

/**
 * The worker died and a new one starts: said with `why`, the bar from the start again.
 * @param {string} why
 * @param {number} restarts
 */
export function restarting(why, restarts) {
  mark({ python: "loading", pythonRestarts: restarts });
  whenParsed(() => {
    bar().hidden = false;
    bar().value = 0;
    $("ku-status-text").textContent = why;
  });
}

/**
 * Something the server should change that Python works around (a wasm sent with another type): for the webmaster,
 * in the console and on the page's data, never in the clerk's way.
 * @param {import("./protocol.js").Problem} problem
 */
export function notice(problem) {
  console.warn("Python worker:", explain(problem));
  mark({ pythonNotice: problem.kind });
  whenParsed(() => {
    $("ku-status-detail").textContent = explain(problem);
    $("ku-status-details").hidden = false;
  });
}

/**
 * Python cannot start: the status line says it in a sentence; the message by the fields says what is kept, what
 * works and what to try. `shown` is told once the page shows it (a failure found from the head waits for the body).
 * @param {string} message  for the webmaster, beside the console's words
 * @param {import("./protocol.js").Problem | undefined} problem
 * @param {() => void} shown
 */
export function failed(message, problem, shown) {
  whenParsed(() => {
    bar().hidden = true;
    $("ku-status").classList.add("is-failed");
    $("ku-status-text").replaceChildren(text(ui.unavailable_status));
    const box = $("ku-unavailable");
    if (box) {
      const why = $("ku-unavailable-why");
      why.replaceChildren(text(explain(problem)));
      why.hidden = !problem || !HERS.has(problem.kind);
      $("ku-unavailable-detail").replaceChildren(text(why.hidden ? explain(problem) : ""));
      $("ku-unavailable-code").textContent = message;
      box.hidden = false;
    }
    document.body.dataset.python = "failed";
    if (problem) document.body.dataset.pythonProblem = problem.kind;
    shown();
  });
}
