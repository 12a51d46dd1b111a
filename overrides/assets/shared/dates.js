// A date as people type it, shared by the form page and the collecting desk: Chromium's own date input reads typed
// digits by the browser's locale (20251013 became the year 51013), so both pages take dates as text.
window.KuDates = (function () {
  "use strict";

  // 20251013, 2025-10-13, 2025/10/13, 2025.10.13, 2025年10月13日 (full-width digits too) as the ISO date drafts
  // hold; anything else is returned as typed, for the page or Python to say what is wrong with it.
  function isoDate(typed) {
    const text = typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
    const parts = /^(\d{4})(\d{2})(\d{2})$/.exec(text) || /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
    if (!parts) return typed;
    const [year, month, day] = parts.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return typed; // 07142025, 2025-02-30: kept as typed
    return `${parts[1]}-${parts[2].padStart(2, "0")}-${parts[3].padStart(2, "0")}`;
  }

  const isIso = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text);

  return { isoDate, isIso };
})();
