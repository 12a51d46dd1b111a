// The page's side of the Python worker, shared by the form page and the collecting desk: start it (lifecycle.js),
// call generator.adapters.web's functions once it is ready (channel.js; the protocol and its types: protocol.js),
// and show its progress (status.js). Sets document.body.dataset.python to "loading", "ready" or "failed".
import { Channel, Failure } from "./channel.js";
import { config } from "./config.js";
import { Lifecycle } from "./lifecycle.js";

export { Failure };

const channel = new Channel();
const lifecycle = new Lifecycle(channel);
let started = false;

/** Start Python, once: the page's entry module calls this first, from the head, since it is the longest wait. */
export function start() {
  if (started) return;
  started = true;
  lifecycle.begin();
}

/**
 * Call one of generator.adapters.web's functions: its value, or a Failure.
 * @param {import("./protocol.js").FunctionName} fn
 * @param {...import("./protocol.js").Argument} args
 * @returns {Promise<any>}
 */
export function call(fn, ...args) {
  return channel.call(fn, args);
}

/**
 * Told each time Python is ready (again after a restart), and at once if it is.
 * @param {() => void} callback
 */
export function whenReady(callback) {
  lifecycle.readyCallbacks.push(callback);
  if (lifecycle.state === "ready") callback();
}

/**
 * Told once the page shows that Python cannot start, and at once if it does.
 * @param {(message: string) => void} callback
 */
export function whenFailed(callback) {
  if (lifecycle.failedShown) callback("failed before this page's script ran");
  else lifecycle.failedCallbacks.push(callback);
}

/**
 * What to tell the user when a call failed because of what they gave (a file or draft Python cannot use, in the
 * page's language); anything else is a bug or a dead Python, thrown on, for the console.
 * @param {unknown} error
 * @returns {string}
 */
export function reason(error) {
  if (error instanceof Failure && error.info[config.lang]) return error.info[config.lang];
  throw error;
}
