// The one protocol between a page (python.js and its modules) and the Python worker (worker.js), and its types.
//
// A page asks with a Request; the worker answers every request with one Reply, whatever happened: the value
// the function returned, or an error. Python's end is generator.adapters.web.answer: its functions return
// plain data (dicts, lists, strings, numbers, bytes) or raise; the worker converts the answer to JavaScript
// once, here (bytes become a Uint8Array, None becomes undefined). A ReadError (a file or draft that cannot be
// used) comes with what to tell the user in both languages; any other failure (a bug, a dead Python) only
// with a message for the console. Every message on the wire is one of ToWorker or FromWorker below; both ends
// are type-checked against them (`make lint`: tsc over jsconfig.json and jsconfig.worker.json).

/**
 * The functions of generator/adapters/web.py a page may call (web.FUNCTIONS, handed to the worker in wheels.json;
 * tests/test_web.py fails when the two disagree).
 * @typedef {"check" | "blanks" | "draft_filename" | "preload" | "export" | "print_view" | "open_file"
 *   | "read_files" | "check_batch" | "export_batch" | "office_round" | "export_round" | "transfer" | "transfer_all"} FunctionName
 */

/**
 * A plain value a function takes: drafts travel as JSON text, files as bytes.
 * @typedef {string | number | boolean | Uint8Array | Array<{name: string, bytes: Uint8Array}>} Argument
 */

/**
 * @typedef {object} Request
 * @property {number} id  unique within the page
 * @property {FunctionName} fn
 * @property {Argument[]} args
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
 * What web.answer returns, as the worker converts it: the value or the error, and the checks that could not run.
 * @typedef {({ok: true, value: any} | {ok: false, error: ErrorInfo}) & {faults: string[]}} Answer
 */

/**
 * A reason Python cannot start, or a server setting it worked around: the page words each kind in its language
 * (ui.problem_<kind>). status, html, damaged, changed, unreachable: a runtime file the server sends wrong (file,
 * detail); wasm_type: only a notice; unsupported: this browser; stalled: no progress for `seconds`.
 * @typedef {object} Problem
 * @property {"status" | "html" | "damaged" | "changed" | "unreachable" | "wasm_type" | "unsupported" | "stalled"} kind
 * @property {string} [file]
 * @property {string} [detail]
 * @property {number} [seconds]
 */

/**
 * What the worker reads first: wheels.json, written by scripts/build_site.py. later: openpyxl, jinja2 … for files
 * and printing; functions: what a page may call (web.FUNCTIONS); light: those answered before `later` is
 * installed (web.LIGHT).
 * @typedef {object} Manifest
 * @property {string} version
 * @property {string[]} core
 * @property {string[]} later
 * @property {Record<string, string>} integrity  Subresource Integrity hash of each file
 * @property {Record<string, number>} sizes  bytes of each file
 * @property {FunctionName[]} functions
 * @property {FunctionName[]} light
 */

/**
 * Page → worker.
 * @typedef {{type: "init", indexURL: string, lock: string}} Init  hold the Web Lock `lock` for life, then start
 * @typedef {{type: "call"} & Request} Call
 * @typedef {Init | Call} ToWorker
 */

/**
 * How far the start has got. download: done and total in bytes of the start's files; runtime, packages, import:
 * done of total steps; file (one arrived), starting (the JavaScript is in), compiled (the wasm is): progress
 * without a share, which the page's watchdog counts.
 * @typedef {{type: "progress", stage: "download" | "runtime" | "packages" | "import", done: number, total: number}
 *   | {type: "progress", stage: "file", file: string}
 *   | {type: "progress", stage: "starting" | "compiled"}} Progress
 */

/**
 * Where the start's time went, in ms since it began (read by the benchmark).
 * @typedef {{runtime: number, unpacked?: number, imported?: number, checked?: number}} Stages
 */

/**
 * Worker → page.
 * @typedef {{type: "held", lock: string}} Held  the worker holds the lock: the page gets it when the worker dies
 * @typedef {{type: "beat", downloading: number}} Beat  alive and idle; `downloading` files are on their way
 * @typedef {{type: "ready", ms: number, snapshot: boolean, stages: Stages}} Ready  snapshot: restored from one
 * @typedef {{type: "kept"}} Kept  a snapshot of this Python was kept for the next visit
 * @typedef {{type: "failed", message: string, problem?: Problem}} Failed  Python cannot start
 * @typedef {{type: "notice", problem: Problem}} Notice  a server setting Python worked around (a wasm of another type)
 * @typedef {{type: "stale"}} Stale  a check failed in a Python restored from a snapshot: the worker forgot the
 *   snapshot and left the call unanswered, and the page starts a fresh worker that answers it
 * @typedef {{type: "reply"} & Reply} ReplyMessage
 * @typedef {Held | Beat | Progress | Ready | Kept | Failed | Notice | Stale | ReplyMessage} FromWorker
 */

/**
 * A finding, as generator.core.findings.Finding.to_dict gives it.
 * @typedef {object} Finding
 * @property {string} rule
 * @property {"error" | "warning" | "fault" | "note"} severity  fault: a check of this tool that could not run (never the user's error)
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
 * @param {Answer} answer
 * @returns {Reply}
 */
export function reply(id, answer) {
  return "error" in answer ? { id, ok: false, error: answer.error } : { id, ok: true, value: answer.value };
}

/**
 * The reply to a request that failed outside Python's answer (a Python bug, an unknown function, no Python).
 * @param {number} id
 * @param {any} error
 * @returns {Failure}
 */
export function failure(id, error) {
  return { id, ok: false, error: { message: String((error && error.message) || error) } };
}
