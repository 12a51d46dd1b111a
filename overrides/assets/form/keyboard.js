// The keyboard on the form page: Enter moves on as on a paper form.

// Enter in a one-line field moves on to the next control, as on a paper form, instead of submitting the form
// (which checks every field and jumps to the summary); a textarea keeps Enter for a new line, the check button
// still checks, and Enter that ends a Chinese input method's composition stays the input method's.
/** @param {KeyboardEvent} event */
export function enterMovesOn(event) {
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const input = /** @type {HTMLInputElement} */ (event.target);
  if (event.key !== "Enter" || event.isComposing || event.keyCode === 229 || event.altKey || event.ctrlKey || event.metaKey) return;
  if (input.tagName !== "INPUT" || ["submit", "button", "reset", "file"].includes(input.type)) return;
  event.preventDefault();
  /** @type {HTMLInputElement[]} */
  const controls = Array.from(form.querySelectorAll("input, textarea, select, button"));
  const reachable = controls.filter((control) => !control.disabled && control.type !== "hidden" && control.getClientRects().length > 0);
  let at = reachable.indexOf(input) + 1;
  while (input.type === "radio" && at < reachable.length && reachable[at].name === input.name) at++; // past its group
  const next = reachable[at];
  if (!next) return;
  // a group of radio buttons is entered at its chosen one, as Tab enters it
  const chosen = next.type === "radio" && /** @type {HTMLInputElement | null} */ (form.querySelector(`input[name="${next.name}"]:checked`));
  (chosen || next).focus();
}
