// credir compare: pick two to four credentials anywhere on the site, see them side by side.
// The pick lives in localStorage while browsing and in the URL of the compare page
// (?c=provider/id&c=...), so a comparison can be shared and bookmarked.
import { el } from "./dom.js";
const MAX = 4;
const STORAGE = "credir-compare";
const KEY = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;
const script = document.querySelector('script[src*="assets/credir/compare.js"]');
const BASE = new URL("../../", script ? script.src : location.href);

function picked() {
  try {
    const keys = JSON.parse(localStorage.getItem(STORAGE) || "[]");
    return Array.isArray(keys) ? keys.filter((k) => typeof k === "string" && KEY.test(k)).slice(0, MAX) : [];
  } catch {
    return [];
  }
}

function store(keys) {
  try {
    localStorage.setItem(STORAGE, JSON.stringify(keys.slice(0, MAX)));
  } catch {
    /* private mode: the URL still carries the comparison */
  }
  sync();
}

function compareUrl(keys) {
  const url = new URL("compare/", BASE);
  for (const key of keys) url.searchParams.append("c", key);
  return url.href;
}

// The tray: what is picked, and the way to the comparison.
const tray = el("div", { class: "credir-compare-tray", role: "region", "aria-label": "Compare", hidden: true });
const trayText = el("span", { class: "credir-compare-tray__text", "aria-live": "polite" });
const trayGo = el("a", { class: "md-button md-button--primary", href: "#", text: "Compare now" });
const trayClear = el("button", { type: "button", class: "md-button", text: "Clear" });
tray.append(trayText, trayGo, trayClear);
trayClear.addEventListener("click", () => store([]));
document.body.append(tray);

function sync() {
  const keys = picked();
  for (const button of document.querySelectorAll(".credir-compare-toggle[data-compare-key]")) {
    const on = keys.includes(button.dataset.compareKey);
    button.hidden = false;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "✓ In comparison" : "Compare";
    button.disabled = !on && keys.length >= MAX;
    button.title = button.disabled ? `You can compare up to ${MAX} credentials` : "";
  }
  const onComparePage = Boolean(document.querySelector("[data-credir-compare]"));
  tray.hidden = keys.length === 0 || onComparePage;
  trayText.textContent = keys.length === 1 ? "1 credential picked: pick one more to compare." :
    `${keys.length} credentials picked.`;
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

// The compare page itself.
async function facts(key) {
  const response = await fetch(new URL(`credentials/${key}/`, BASE));
  if (!response.ok) throw new Error(`${key}: ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const rows = new Map();
  for (const row of page.querySelectorAll("dl.credir-facts > div[data-fact]")) {
    const label = row.querySelector("dt").cloneNode(true);
    for (const badge of label.querySelectorAll(".credir-annex")) badge.remove();
    rows.set(row.dataset.fact, { label: label.textContent.trim(), value: row.querySelector("dd") });
  }
  return { key, title: page.querySelector("h1")?.textContent.trim() || key, rows };
}

function normalised(node) {
  return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
}

async function showComparison(root) {
  const params = new URLSearchParams(location.search);
  let keys = params.getAll("c").filter((k) => KEY.test(k)).slice(0, MAX);
  if (!keys.length) {
    keys = picked();
    if (keys.length) history.replaceState(null, "", compareUrl(keys));
  }
  keys = [...new Set(keys)];
  const status = root.querySelector(".credir-compare__status");
  const holder = root.querySelector(".credir-compare__table");
  if (keys.length < 2) {
    holder.replaceChildren();
    status.textContent = keys.length === 1 ? "Pick at least one more credential to compare." :
      "Choose two to four credentials with their Compare buttons, in search results or on their pages.";
    return;
  }
  store(keys);
  status.textContent = "Loading…";
  let sheets;
  try {
    sheets = await Promise.all(keys.map(facts));
  } catch (error) {
    status.textContent = `Could not load a credential (${error.message}). It may have been removed.`;
    return;
  }
  const order = [];
  for (const sheet of sheets) for (const [fact, row] of sheet.rows) {
    if (!order.some((item) => item.fact === fact)) order.push({ fact, label: row.label });
  }
  const table = el("table", { class: "credir-compare-grid" });
  table.append(el("caption", { class: "credir-visually-hidden", text: "Credentials side by side; rows that differ are marked." }));
  const head = el("tr", {}, el("th", { scope: "col", text: "Fact" }));
  for (const sheet of sheets) {
    const remove = el("button", { type: "button", class: "credir-compare-remove", text: "Remove", "aria-label": `Remove ${sheet.title} from the comparison` });
    remove.addEventListener("click", () => {
      const rest = keys.filter((k) => k !== sheet.key);
      store(rest);
      history.replaceState(null, "", compareUrl(rest));
      showComparison(root);
    });
    head.append(el("th", { scope: "col" }, el("a", { href: new URL(`credentials/${sheet.key}/`, BASE).href, text: sheet.title }), " ", remove));
  }
  const body = el("tbody");
  let differing = 0;
  for (const { fact, label } of order) {
    const values = sheets.map((sheet) => sheet.rows.get(fact)?.value);
    const differs = new Set(values.map(normalised)).size > 1;
    differing += differs;
    const th = el("th", { scope: "row" }, label);
    if (differs) th.append(el("span", { class: "credir-diff-mark", text: " differs" }));
    const row = el("tr", { class: differs ? "credir-diff" : null, "data-fact": fact }, th);
    sheets.forEach((sheet, index) => {
      const cell = el("td", { "data-credential": sheet.title });
      if (values[index]) for (const child of values[index].childNodes) cell.append(document.importNode(child, true));
      else cell.textContent = "—";
      row.append(cell);
    });
    body.append(row);
  }
  table.append(el("thead", {}, head), body);
  holder.replaceChildren(table);
  status.textContent = `Comparing ${sheets.length} credentials: ${differing} of ${order.length} facts differ.`;
}

const compareRoot = document.querySelector("[data-credir-compare]");
if (compareRoot) showComparison(compareRoot);
