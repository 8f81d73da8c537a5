// credir compare, on every page: pick two to four credentials with their Compare buttons; the
// tray shows what is picked and leads to the comparison (compare.js, which imports this).
// The pick lives in localStorage while browsing and in the URL of the compare page
// (?c=provider/id&c=...), so a comparison can be shared and bookmarked.
import { el } from "./dom.js";
import { t, tn } from "./i18n.js";
export const MAX = 4;
const STORAGE = "credir-compare";
export const KEY = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;
const script = document.querySelector('script[src*="assets/credir/compare.js"]');
export const BASE = new URL("../../", script ? script.src : location.href);

export function picked() {
  try {
    const keys = JSON.parse(localStorage.getItem(STORAGE) || "[]");
    return Array.isArray(keys) ? keys.filter((k) => typeof k === "string" && KEY.test(k)).slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function store(keys) {
  try {
    localStorage.setItem(STORAGE, JSON.stringify(keys.slice(0, MAX)));
  } catch {
    /* private mode: the URL still carries the comparison */
  }
  sync();
}

export function compareUrl(keys) {
  const url = new URL("compare/", BASE);
  for (const key of keys) url.searchParams.append("c", key);
  return url.href;
}

// The tray: what is picked, and the way to the comparison.
const tray = el("div", { class: "credir-compare-tray", role: "region", "aria-label": t("Compare"), hidden: true });
const trayText = el("span", { class: "credir-compare-tray__text", "aria-live": "polite" });
const trayGo = el("a", { class: "md-button md-button--primary", href: "#", text: t("Compare now") });
// Translators: a button that empties the comparison.
const trayClear = el("button", { type: "button", class: "md-button", text: t("Clear") });
tray.append(trayText, trayGo, trayClear);
trayClear.addEventListener("click", () => store([]));
document.body.append(tray);

function sync() {
  const keys = picked();
  for (const button of document.querySelectorAll(".credir-compare-toggle[data-compare-key]")) {
    const on = keys.includes(button.dataset.compareKey);
    button.hidden = false;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "✓ " + t("In comparison") : t("Compare");
    button.disabled = !on && keys.length >= MAX;
    button.title = button.disabled ? tn("You can compare up to %(num)s credential", "You can compare up to %(num)s credentials", MAX) : "";
  }
  const onComparePage = Boolean(document.querySelector("[data-credir-compare]"));
  tray.hidden = keys.length === 0 || onComparePage;
  trayText.textContent = keys.length === 1 ? t("1 credential picked: pick one more to compare.") :
    tn("%(num)s credential picked.", "%(num)s credentials picked.", keys.length);
  trayGo.href = compareUrl(keys);
  trayGo.hidden = keys.length < 2;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".credir-compare-toggle[data-compare-key]");
  if (!button) return;
  const key = button.dataset.compareKey;
  const keys = picked();
  store(keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key].slice(0, MAX));
});
document.addEventListener("credir:results", sync);
window.addEventListener("storage", sync);
sync();
