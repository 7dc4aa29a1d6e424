// MineReady: progressive enhancement. Pages work without it (plain forms and save buttons).
document.addEventListener("DOMContentLoaded", () => {
  // The plain save buttons are for browsers without JavaScript; with htmx, answers autosave.
  document.querySelectorAll("[data-autosave] .js-hide").forEach((el) => el.classList.add("d-none"));
});
document.body?.addEventListener("htmx:beforeRequest", (event) => {
  const state = event.target.closest("form")?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.saving; state.className = "save-state saving"; }
});
document.addEventListener("htmx:responseError", (event) => {
  const state = event.target.closest("form")?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.error; state.className = "save-state error"; }
});
document.addEventListener("htmx:sendError", (event) => {
  const state = event.target.closest("form")?.querySelector(".save-state");
  if (state) { state.textContent = state.dataset.offline; state.className = "save-state error"; }
});
