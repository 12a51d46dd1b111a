// The one protocol between a page (python.js) and the Python worker (worker.js), and its types.
//
// A page asks with a Request; the worker answers every request with one Reply, whatever happened: the value
// the function returned, or an error. Python's end is generator.adapters.web.answer: its functions return
// plain data (dicts, lists, strings, numbers, bytes) or raise; the worker converts the answer to JavaScript
// once, here (bytes become a Uint8Array, None becomes undefined). A ReadError (a file or draft that cannot be
// used) comes with what to tell the user in both languages; any other failure (a bug, a dead Python) only
// with a message for the console.
//
// On the wire each travels in a message with a `type`, beside the worker's own events:
//   page → worker:  {type: "init", indexURL, lock}  |  {type: "call", ...Request}
//   worker → page:  {type: "held", lock}  |  {type: "beat"}  |  {type: "progress", stage, done, total}
//                      (stage "download": done and total in bytes of the start's files; "file", "starting",
//                      "compiled": progress without a share, which the watchdog counts)
//                   |  {type: "ready", ms, snapshot, stages}  |  {type: "failed", message}  |  {type: "reply", ...Reply}
//                   |  {type: "notice", problem}: a server setting Python worked around (a wasm of another type)
//                   |  {type: "stale"}: a check failed in a Python restored from a snapshot; the worker forgot the
//                      snapshot and left the call unanswered, and the page starts a fresh worker that answers it

/**
 * The functions of generator/adapters/web.py a page may call (web.FUNCTIONS).
 * @typedef {"check" | "blanks" | "draft_filename" | "preload" | "export" | "print_view" | "open_file"
 *   | "read_files" | "check_batch" | "export_batch"} FunctionName
 */

/**
 * @typedef {object} Request
 * @property {number} id  unique within the page
 * @property {FunctionName} fn
 * @property {Array<string | number | boolean | Uint8Array | Array<{name: string, bytes: Uint8Array}>>} args
 *   plain values (drafts travel as JSON text, files as bytes)
 */

/**
 * Why a request failed.
 * @typedef {object} ErrorInfo
 * @property {string} message  for the console (in English)
 * @property {string} [zh]  what to tell the user, when Python explained it (a ReadError)
 * @property {string} [en]
 */

/** @typedef {{id: number, ok: true, value: any}} Success */
/** @typedef {{id: number, ok: false, error: ErrorInfo}} Failure */
/** @typedef {Success | Failure} Reply */

/**
 * A finding, as generator.core.findings.Finding.to_dict gives it.
 * @typedef {object} Finding
 * @property {string} rule
 * @property {"error" | "warning" | "fault"} severity  fault: a check of this tool that could not run (never the user's error)
 * @property {string} [field]  a field id, or "field.option"
 * @property {string} [clause]  the clause of the notice, e.g. 二（一）
 * @property {string} [clause_en]  the same clause as the English pages cite it, e.g. clause 2(1)
 * @property {string} [anchor]  its anchor on the notice page
 * @property {string} [quote]  its text
 * @property {string} [guide]  where no clause applies: the field's anchor in the guide
 * @property {{zh: string, en: string}} message
 */

/**
 * The reply to a request that Python answered (its answer: {ok, value} or {ok: false, error}).
 * @param {number} id
 * @param {{ok: true, value: any} | {ok: false, error: ErrorInfo}} answer
 * @returns {Reply}
 */
export function reply(id, answer) {
  return answer.ok ? { id, ok: true, value: answer.value } : { id, ok: false, error: answer.error };
}

/**
 * The reply to a request that failed outside Python's answer (a Python bug, an unknown function, no Python).
 * @param {number} id
 * @param {unknown} error
 * @returns {Failure}
 */
export function failure(id, error) {
  return { id, ok: false, error: { message: String((error && error.message) || error) } };
}
