// A list of findings as both pages draw it (the form page's summary and its fields, the desk's rows and its
// batch checks): a severity tag, the message, and the clause of the notice that makes it a finding or, where
// no clause does (a value of the wrong shape), the field's guide. Its look is in site.css ("the finding list").
import { say, text } from "./text.js";

/**
 * What the drawing needs from the page's config.
 * @typedef {object} Page
 * @property {"zh" | "en"} lang
 * @property {Record<string, string>} ui  the words: error, warning, clause, cited, guide_link
 * @property {string} notice  the notice page's address
 * @property {string} guide  the guide page's address
 */

/**
 * The link to the clause, or to the field's guide; null when there is neither.
 * @param {import("./protocol.js").Finding} finding
 * @param {Page} page
 * @returns {HTMLAnchorElement | null}
 */
export function clauseLink(finding, page) {
  const link = document.createElement("a");
  link.className = "ku-clause";
  if (finding.anchor) {
    link.href = `${page.notice}#${finding.anchor}`;
    // English pages cite in English with the Chinese number beside, to find it in the official text
    const english = page.lang === "en" && finding.clause_en && finding.clause_en !== finding.clause;
    const cited = say(page.ui.clause, { ref: english ? finding.clause_en : finding.clause });
    link.append(text(english ? say(page.ui.cited, { en: cited, zh: finding.clause }) : cited));
    if (finding.quote) link.title = finding.quote;
  } else if (finding.guide) {
    link.href = page.guide + finding.guide;
    link.append(text(page.ui.guide_link));
  } else {
    return null;
  }
  return link;
}

/**
 * One finding as a list item; `wrap` may put the message in a link (the form page links it to its field).
 * @param {import("./protocol.js").Finding} finding
 * @param {Page} page
 * @param {(message: Node) => Node} [wrap]
 * @returns {HTMLLIElement}
 */
export function item(finding, page, wrap) {
  const li = document.createElement("li");
  li.className = `ku-finding ku-finding--${finding.severity}`;
  li.dataset.rule = finding.rule;
  const tag = Object.assign(document.createElement("span"), { className: "ku-finding__tag", textContent: page.ui[finding.severity] });
  const message = text(finding.message[page.lang]);
  li.append(tag, " ", wrap ? wrap(message) : message);
  const clause = clauseLink(finding, page);
  if (clause) li.append(" ", clause);
  return li;
}

/**
 * The findings in the order Python gives them, into `list` (emptied first) or a new list.
 * @param {import("./protocol.js").Finding[]} findings
 * @param {Page} page
 * @param {{list?: HTMLUListElement, wrap?: (finding: import("./protocol.js").Finding, message: Node) => Node}} [options]
 * @returns {HTMLUListElement}
 */
export function list(findings, page, { list, wrap } = {}) {
  const ul = list || document.createElement("ul");
  ul.replaceChildren(...findings.map((finding) => item(finding, page, wrap && ((message) => wrap(finding, message)))));
  return ul;
}
