// Words for the page: "{n} 个错误" with its values filled in, counts, and text as nodes with the Chinese inside it
// marked on the English pages; and the page's one message line.
import { config } from "./config.js";

/**
 * "{n} 个错误" with its values filled in.
 * @param {string} text
 * @param {Record<string, any>} values
 * @returns {string}
 */
export const say = (text, values) => text.replace(/\{(\w+)\}/g, (_, key) => values[key]);

/**
 * The words of `key` for a count of `n`: "1 error" (key_one, where the words have it) or "{n} errors", as
 * generator/core/words.py's say chooses.
 * @param {Record<string, string>} ui
 * @param {string} key
 * @param {number} n
 * @param {Record<string, any>} [values]
 * @returns {string}
 */
export const count = (ui, key, n, values = {}) => say(n === 1 && ui[`${key}_one`] !== undefined ? ui[`${key}_one`] : ui[key], { ...values, n });

// The Chinese characters' pattern, as generator/site/language_parts.py marks the pages themselves.
const chinese = new RegExp(config.chinese, "gu");

/**
 * Text for the page, as nodes: on the English pages the Chinese inside it (附件1, an official label) is marked
 * lang="zh-CN".
 * @param {unknown} value
 * @returns {DocumentFragment}
 */
export function text(value) {
  const fragment = document.createDocumentFragment();
  const words = String(value);
  if (document.documentElement.lang.startsWith("zh")) {
    fragment.append(words);
    return fragment;
  }
  let last = 0;
  for (const match of words.matchAll(chinese)) {
    const span = Object.assign(document.createElement("span"), { lang: "zh-CN", textContent: match[0] });
    fragment.append(words.slice(last, match.index), span);
    last = match.index + match[0].length;
  }
  fragment.append(words.slice(last));
  return fragment;
}

/**
 * The page's one message line (#ku-message): what was opened, downloaded, or why it could not be. Each action says
 * what it did in place of what the previous one said; an empty value clears it (an action whose outcome is shown
 * elsewhere, as the summary of findings).
 * @param {string} value
 * @param {boolean} [isError]
 */
export function message(value, isError) {
  const box = document.getElementById("ku-message");
  box.replaceChildren(text(value || ""));
  box.classList.toggle("is-error", Boolean(isError));
  box.hidden = !value;
}
