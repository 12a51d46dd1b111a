// The page's configuration (#ku-config in the head of python-page.html, drawn by generator.site.pages): the words,
// the addresses and the timers of the form page and the collecting desk. Read once, by whichever module asks first.

/**
 * @typedef {object} Timers  seconds; tests shorten them (short_timers)
 * @property {number} stall  a start without progress fails after this long
 * @property {number} silence  a call unanswered while the worker is silent this long counts as its death
 * @property {number} slow  the status line says the line is slow after this long
 */

/**
 * @typedef {object} Config
 * @property {"zh" | "en"} lang
 * @property {number} year
 * @property {Record<string, string>} ui  the page's words (data/words/<lang>.toml)
 * @property {Record<string, string>} [anchors]
 * @property {string[]} [quiet]  rules quiet until their field is touched
 * @property {Record<string, any>} [forms]
 * @property {string} pyodide  the runtime's folder
 * @property {string} notice  the notice page's address
 * @property {string} guide  the guide page's address
 * @property {Array<{starts: string, key: string, text: string}>} [round]  the round's phases
 * @property {string} worker  the worker's address
 * @property {string} chinese  the pattern of Chinese text (generator/site/language_parts.py)
 * @property {Timers} timers
 */

/** @type {Config} */
export const config = JSON.parse(document.getElementById("ku-config").textContent);
