// The form page's inputs, read and written: every input on the page was drawn from the form definitions
// (generator.site.pages.form_page), and this module reads them from the DOM, as typed or as the checks take them.
import { config } from "../shared/config.js";
import { isoDate } from "../shared/dates.js";

const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));

/** @type {HTMLFormElement} */
export let form;
/** @type {HTMLElement[]} */
export let fields = [];
/** @type {HTMLElement[]} what 培训对象 will add, worded by Python */
export let sentences = [];

/** The inputs, once the page is parsed. */
export function findInputs() {
  form = $("ku-form");
  fields = Array.from(form.querySelectorAll(".ku-field"));
  sentences = Array.from(form.querySelectorAll(".ku-sentence"));
}

export const level = () => /** @type {HTMLInputElement} */ (form.querySelector("input[name=ku-level]:checked")).value;
const byName = (/** @type {string} */ name) => /** @type {HTMLInputElement[]} */ (Array.from(form.querySelectorAll(`[name="${name}"]`)));

// A field's value as the checks and the files take it (a date read as ISO, a whole number as a number), or, with
// asTyped, exactly as the user typed it: that is what this browser keeps and gives back (a date half typed,
// "2025年7月1", must not come back as the valid-looking 2025-07-01).
export function read(field, asTyped = false) {
  const typed = typedValue(field);
  return asTyped ? typed : fromTyped(field.dataset.input, typed);
}

// A value as typed, in the form the checks and the files take it: the one conversion, for the inputs and for the
// answers kept in this browser alike (last year's, carried over, are kept as typed too).
export function fromTyped(input, typed) {
  switch (input) {
    case "daterange":
      return typed && typeof typed === "object" ? { start: isoDate(typed.start || "", config.year), end: isoDate(typed.end || "", config.year) } : typed;
    case "date":
      return typeof typed === "string" ? isoDate(typed, config.year) : typed;
    case "number":
      return typeof typed === "string" && /^\s*\d+\s*$/.test(typed) ? Number(typed) : typed; // anything else is kept as typed and explained
    default:
      return typed;
  }
}

function typedValue(field) {
  const id = field.dataset.field;
  switch (field.dataset.input) {
    case "daterange":
      return { start: $(`f-${id}-start`).value, end: $(`f-${id}-end`).value };
    case "date":
      return $(`f-${id}`).value;
    case "choice": {
      const checked = byName(id).find((input) => input.checked);
      return checked ? checked.value : null;
    }
    case "yesno": {
      const checked = byName(id).find((input) => input.checked);
      return checked ? checked.value === "true" : null;
    }
    case "topics": {
      const topics = {};
      field.querySelectorAll("input[type=checkbox]").forEach((box) => {
        const text = $(`${box.id}-text`).value;
        if (box.checked || text.trim()) topics[box.id.slice(`f-${id}-`.length)] = { ticked: box.checked, text };
      });
      return topics;
    }
    default:
      return $(`f-${id}`).value;
  }
}

export function write(field, value) {
  const id = field.dataset.field;
  switch (field.dataset.input) {
    case "daterange":
      $(`f-${id}-start`).value = (value && value.start) || "";
      $(`f-${id}-end`).value = (value && value.end) || "";
      break;
    case "choice":
    case "yesno":
      byName(id).forEach((input) => { input.checked = value !== null && value !== undefined && input.value === String(value); });
      break;
    case "topics":
      field.querySelectorAll("input[type=checkbox]").forEach((box) => {
        const entry = (value || {})[box.id.slice(`f-${id}-`.length)] || {};
        box.checked = Boolean(entry.ticked);
        $(`${box.id}-text`).value = entry.text || "";
      });
      break;
    default:
      $(`f-${id}`).value = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  }
}

const empty = (value) => value === null || value === undefined || value === "" ||
  (typeof value === "object" && Object.values(value).every((v) => v === "" || v === null || (typeof v === "object" && !v.ticked && !v.text)));

// Every field's value, whichever level is chosen: switching levels loses nothing.
export function values(asTyped = false) {
  const all = {};
  fields.forEach((field) => {
    const value = read(field, asTyped);
    if (!empty(value)) all[field.dataset.field] = value;
  });
  return all;
}

export function shown(field) {
  if (!field.dataset.forms.split(" ").includes(level())) return false;
  if (field.dataset.detailOf) {
    const parent = fields.find((f) => f.dataset.field === field.dataset.detailOf);
    if (read(parent) !== field.dataset.detailWhen) return false;
  }
  if (field.dataset.shownWhen) {
    const parent = fields.find((f) => f.dataset.field === field.dataset.shownWhen);
    if (read(parent) !== true) return false;
  }
  return true;
}

// The draft of the chosen form: only the fields it has, as the JSON draft format.
export function draft() {
  const data = {};
  const all = values();
  fields.filter(shown).forEach((field) => {
    const value = all[field.dataset.field];
    if (value !== undefined) data[field.dataset.field] = value;
  });
  return envelope(config.year, level(), data);
}

export const envelope = (edition, form, data) => ({ format: "knowledge-update-application", version: 1, edition, form, data });


// ---- a JSON draft read without Python -------------------------------------------------------
// When Python cannot start, a JSON draft of this tool can still be opened: it is the page's own answers as JSON.
// Read here only when its outside is what Python takes as it is (generator.core.drafts.envelope: this format,
// version and edition, a form of the page) and every value fits its inputs exactly as written: a text box takes any
// text as typed (a half-typed date or a count in words too, as the page's own drafts hold them: the checks say what
// is wrong once Python runs), a choice only one of its options. Anything else (an older version, another edition, a
// value no input can hold, an Excel file) waits for Python, which upgrades, carries over or names it: nothing is
// dropped or changed here.

const blank = (/** @type {unknown} */ value) => value === null || value === undefined || value === "";
const plain = (/** @type {unknown} */ value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
// Past 2^53 JSON.parse changes a number's digits (Python hands such a number to the page as a digit string).
const exact = (/** @type {unknown} */ value) => typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 2 ** 53;

/**
 * Whether a field's inputs hold a draft's value exactly as written (write() puts it in, read() gives it back).
 * @param {HTMLElement} field
 * @param {any} value
 */
function holds(field, value) {
  if (blank(value)) return true;
  const id = field.dataset.field;
  switch (field.dataset.input) {
    case "daterange":
      return plain(value) && Object.entries(value).every(([end, day]) => ["start", "end"].includes(end) && (blank(day) || typeof day === "string"));
    case "choice":
      return typeof value === "string" && byName(id).some((input) => input.value === value);
    case "yesno":
      return typeof value === "boolean";
    case "topics": {
      const boxes = Array.from(field.querySelectorAll("input[type=checkbox]"), (box) => box.id);
      return plain(value) && Object.entries(value).every(([topic, entry]) =>
        boxes.includes(`f-${id}-${topic}`) && plain(entry) && Object.keys(entry).every((key) => ["ticked", "text"].includes(key)) &&
        (entry.ticked === undefined || typeof entry.ticked === "boolean") && (blank(entry.text) || typeof entry.text === "string"));
    }
    default: // one text box: text, a date, a count, a phone
      return typeof value === "string" || exact(value);
  }
}

/**
 * A JSON draft of this tool for this page's edition, as Python would open it without a word to add: its form and
 * values, or null (not such a draft, or something in it that only Python can explain or carry over).
 * @param {Uint8Array} bytes
 * @returns {{form: string, data: Record<string, any>} | null}
 */
export function plainDraft(bytes) {
  let draft;
  try {
    draft = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)); // a BOM is skipped, as Python's utf-8-sig does
  } catch (error) {
    return null;
  }
  if (!plain(draft) || !["knowledge-update-application", undefined].includes(draft.format)) return null;
  // As drafts.envelope: a version, edition or data left out is the current one, this page's, none; older versions and
  // other editions are Python's to upgrade or carry over.
  const given = (/** @type {string} */ key, /** @type {unknown} */ otherwise) => (key in draft ? draft[key] : otherwise);
  if (given("version", 1) !== 1 || given("edition", config.year) !== config.year) return null;
  const data = given("data", {});
  if (!plain(data) || !byName("ku-level").some((input) => input.value === draft.form)) return null;
  const ofForm = new Map(fields.filter((field) => field.dataset.forms.split(" ").includes(draft.form)).map((field) => [field.dataset.field, field]));
  const fits = Object.entries(data).every(([key, value]) => (ofForm.has(key) ? holds(/** @type {HTMLElement} */ (ofForm.get(key)), value) : blank(value)));
  return fits ? { form: draft.form, data } : null;
}
