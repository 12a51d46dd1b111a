// A date as people type it, shared by the form page and the collecting desk: Chromium's own date input reads typed
// digits by the browser's locale (20251013 became the year 51013), so both pages take dates as text.
// generator/core/types.py read_date reads the same texts the same way (tests/test_dates.py holds them together).

// 20251013, 2025-10-13, 2025/10/13, 2025.10.13, 2025年10月13日 (full-width digits too) and a day and month in
// either order where only one order can be meant (14/07/2025, 07/14/2025) as the ISO date drafts hold; anything
// else is returned as typed, for the page or Python to say what is wrong with it. 07/08/2025 is never guessed.
// With `formYear` (the edition's), 7月14日 is read in that year, and the line under the date shows the year taken.
/**
 * @param {string} typed
 * @param {number} [formYear]
 * @returns {string}
 */
export function isoDate(typed, formYear = 0) {
  const text = typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  const monthDay = formYear ? /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text) : null;
  /** @type {string[] | null} */
  let parts = monthDay ? [text, String(formYear).padStart(4, "0"), monthDay[1], monthDay[2]] : null;
  parts = parts || /^(\d{4})(\d{2})(\d{2})$/.exec(text) || /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!parts) {
    const other = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(text);
    if (!other) return typed;
    const [a, b] = [Number(other[1]), Number(other[2])];
    if (a > 12 && b <= 12) parts = [text, other[3], other[2], other[1]]; // day/month/year
    else if (b > 12 && a <= 12) parts = [text, other[3], other[1], other[2]]; // month/day/year
    else return typed;
  }
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads the years 0 to 99 as 1900 to 1999
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return typed; // 07142025, 2025-02-30: kept as typed
  return `${parts[1]}-${parts[2].padStart(2, "0")}-${parts[3].padStart(2, "0")}`;
}

export const isIso = (/** @type {string} */ text) => /^\d{4}-\d{2}-\d{2}$/.test(text);
