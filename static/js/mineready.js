// MineReady: progressive enhancement. Pages work without it (plain forms and save buttons).
document.addEventListener("DOMContentLoaded", () => {
  // The plain save buttons are for browsers without JavaScript; with htmx, answers autosave.
  document.querySelectorAll("[data-autosave] .js-hide").forEach((el) => el.classList.add("d-none"));
  document.querySelectorAll(".char-counter").forEach(updateCounter);
});
document.body?.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.target.closest("form");
  // While a conflict is shown, the person settles it first (its buttons save): an autosave
  // would only meet the same conflict, and the edits stay in the form meanwhile.
  if (form?.querySelector(".answer-conflict")) { event.preventDefault(); return; }
  const state = form?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.saving; state.className = "save-state saving"; }
  if (form?.hasAttribute("data-autosave")) sentParts.set(form, partValues(form));
});
document.addEventListener("htmx:responseError", (event) => {
  const state = event.target.closest("form")?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.error; state.className = "save-state error"; }
});
document.addEventListener("htmx:sendError", (event) => {
  const state = event.target.closest("form")?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.offline; state.className = "save-state error"; }
});

// Characters left under a comment or justification, as the person types (the form refuses more).
function updateCounter(counter) {
  const field = document.getElementById(counter.parentElement.id.replace(/_helptext$/, ""));
  const texts = document.getElementById("char-counter-texts")?.dataset;
  if (!field || !texts) return;
  const length = [...field.value.trim()].length; // characters, as the server counts them
  const limit = Number(counter.dataset.limit);
  const count = Math.abs(limit - length);
  const lang = document.documentElement.lang || "en";
  const form = new Intl.PluralRules(lang).select(count) === "one" ? "one" : "other";
  const over = length > limit;
  const template = texts[(over ? "over" : "left") + form[0].toUpperCase() + form.slice(1)];
  counter.textContent = template.replace("%(count)s", count.toLocaleString(lang));
  counter.classList.toggle("over", over);
}
function counterOf(field) {
  return document.getElementById(`${field.id}_helptext`)?.querySelector(".char-counter");
}
document.addEventListener("input", (event) => {
  const counter = event.target.id && counterOf(event.target);
  if (counter) updateCounter(counter);
});

// Autosave and the version of the answer the form shows. The form sends the version it was
// loaded with; the server writes only the parts the person changed and refuses (409, with both
// texts) a part someone else changed too.
const sentParts = new WeakMap();
const PARTS = ["value", "is_na", "na_justification", "comment"];

function partValues(form) {
  const values = {};
  for (const part of PARTS) {
    const fields = [...form.querySelectorAll(`[name$="-${part}"]:not([type=hidden])`)];
    if (!fields.length) continue;
    const name = fields[0].name;
    if (fields[0].type === "radio") values[name] = fields.find((f) => f.checked)?.value ?? "";
    else if (fields[0].type === "checkbox") values[name] = fields[0].checked ? "on" : "";
    else values[name] = fields[0].value;
  }
  return values;
}
function samePart(a, b) {
  return (a ?? "").replace(/\r\n/g, "\n").trim() === (b ?? "").replace(/\r\n/g, "\n").trim()
    || (a !== "" && b !== "" && !Number.isNaN(Number(a)) && Number(a) === Number(b));
}
function setPart(form, name, value) {
  for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]:not([type=hidden])`)) {
    if (field.type === "radio") field.checked = field.value === value;
    else if (field.type === "checkbox") field.checked = value === "on";
    else field.value = value;
    const counter = counterOf(field);
    if (counter) updateCounter(counter);
  }
}
function versionField(form) {
  return form.querySelector('input[type=hidden][name$="-version"]');
}

// After a save: show what is stored where someone else changed it, then take the new version.
// A part the person edited while the save was on its way is left alone; if someone else changed
// it, the form keeps its old version, so the next save compares it and reports the conflict.
function settle(form, stored, version) {
  const sent = sentParts.get(form) || {};
  const now = partValues(form);
  let current = true;
  for (const [name, value] of Object.entries(stored)) {
    if (samePart(now[name], value)) continue;
    if (samePart(now[name], sent[name])) setPart(form, name, value);
    else if (!samePart(sent[name], value)) current = false;
  }
  if (current && versionField(form)) versionField(form).value = version;
}
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 409) { event.detail.shouldSwap = true; event.detail.isError = false; }
});
document.addEventListener("htmx:afterSwap", (event) => {
  const form = event.detail.elt?.closest?.("form[data-autosave]");
  const state = form?.querySelector(".save-state[data-version]");
  if (state) settle(form, JSON.parse(state.dataset.stored), state.dataset.version);
});

// The conflict panel: keep mine (the stored answer for the parts the person did not change,
// then save with the stored version) or use the saved answer (every part as stored, no save).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-conflict-keep], [data-conflict-take]");
  const form = button?.closest("form[data-autosave]");
  const panel = button?.closest(".answer-conflict");
  if (!form || !panel || typeof htmx === "undefined") return;
  event.preventDefault();
  const keep = button.hasAttribute("data-conflict-keep");
  const stored = JSON.parse(panel.dataset.stored);
  const changed = JSON.parse(panel.dataset.changed);
  const sent = sentParts.get(form) || {};
  const now = partValues(form);
  for (const [name, value] of Object.entries(stored)) {
    // Keeping mine keeps what the person changed, before the conflict or while it was shown.
    if (!keep || (!changed.includes(name) && samePart(now[name], sent[name]))) {
      setPart(form, name, value);
    }
  }
  versionField(form).value = keep ? button.value : button.dataset.version;
  panel.remove();
  if (keep) {
    htmx.trigger(form, "change");
  } else {
    const state = form.querySelector(".save-state");
    if (state) { state.textContent = ""; state.className = "save-state"; }
  }
});

// The N/A justification is asked for only when N/A is ticked (or already holds text or an error).
function showJustification(checkbox) {
  const box = document.getElementById(checkbox.id.replace(/-is_na$/, "-na_justification"));
  const wrapper = box?.closest(`#div_${box.id}`);
  if (!wrapper) return;
  const needed = checkbox.checked || box.value.trim() !== "" || box.classList.contains("is-invalid");
  wrapper.classList.toggle("d-none", !needed);
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('input[type=checkbox][name$="-is_na"]').forEach(showJustification);
});
document.addEventListener("change", (event) => {
  if (event.target.matches?.('input[type=checkbox][name$="-is_na"]')) showJustification(event.target);
});

// Answering from the keyboard (the help line above the questions says it): in a question, keys
// 1–9 choose its first to ninth option; J goes to the next unanswered question (after the last
// one, back to the first). Both work only while the focus is in a question (WCAG 2.1.4: no
// single-key shortcut elsewhere on the page). Keys typed into a text or number field stay that
// field's, except J in a number field (it types nothing there), so J never sticks on a number.
function answerValueOf(card) {
  return [...card.querySelectorAll('input[type=radio][name$="-value"], input[type=number][name$="-value"]')];
}
function isUnanswered(card) {
  if (card.querySelector('input[type=checkbox][name$="-is_na"]:checked')) return false;
  return !answerValueOf(card).some((field) => (field.type === "radio" ? field.checked : field.value.trim() !== ""));
}
function focusQuestion(card) {
  const fields = answerValueOf(card);
  const target = fields.find((field) => field.checked) || fields[0] || card;
  if (target === card) card.setAttribute("tabindex", "-1");
  target.focus();
  card.scrollIntoView({ block: "center" });
}
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
  const active = document.activeElement;
  const isJ = event.key === "j" || event.key === "J";
  const typing = 'textarea, select, input:not([type=radio]):not([type=checkbox])';
  if (active?.matches?.(typing) && !(isJ && active.matches("input[type=number]"))) return;
  const card = active?.closest?.("article.criterion-card");
  if (!card) return;
  const cards = [...document.querySelectorAll("article.criterion-card")];
  if (/^[1-9]$/.test(event.key)) {
    const option = card.querySelectorAll('input[type=radio][name$="-value"]:not(:disabled)')[Number(event.key) - 1];
    if (!option || option.closest("fieldset:disabled")) return;
    event.preventDefault();
    // Checked before it takes the focus, so a screen reader announces it checked.
    if (!option.checked) option.click();
    option.focus();
  } else if (isJ) {
    const start = card ? cards.indexOf(card) + 1 : 0;
    const next = [...cards.slice(start), ...cards.slice(0, start)].find(isUnanswered);
    if (!next) return;
    event.preventDefault();
    focusQuestion(next);
  }
});

// A form sent once only (the import's confirmation): its button is disabled once it is sent, so
// a double click sends one request.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches?.("form[data-submit-once]")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(() => form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; }));
});
