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

// The compare page itself: each credential's JSON export (api/v1/, the same files open-data
// users read) and its provider's, worded as the fact sheets word them (generator/render/
// facts.py; the page carries the vocabulary labels as JSON data).
const dataNode = document.getElementById("credir-compare-data");
const DATA = dataNode ? JSON.parse(dataNode.textContent) : null;
// Rows that tell two credentials apart by definition: shown, never marked "differs".
const ALWAYS_DIFFERENT = new Set(["provider"]);
const numberFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function fetchJson(template, name, value) {
  const url = new URL(template.replace(`{${name}}`, value), BASE);
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${value}: ${response.status}`);
    return response.json();
  });
}

const label = (vocabulary, value) => DATA.labels[vocabulary]?.[value] ?? value;
const number = (value) => numberFormat.format(value);
const dateText = (iso) => dateFormat.format(new Date(`${iso}T00:00:00Z`));
const todayIso = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
};

function list(items) {
  if (!items.length) return null;
  if (items.length === 1) return items[0];
  return el("ul", {}, ...items.map((item) => el("li", {}, item)));
}

function workloadText(workload) {
  const parts = [];
  if (workload.ects != null) parts.push(`${number(workload.ects)} ECTS`);
  if (workload.hours != null) parts.push(`${number(workload.hours)} hours`);
  return parts.join(" · ");
}

function costText(cost) {
  if (!cost || cost.amount == null) return "Cost not stated";
  if (cost.amount === 0) return "Free";
  return `${number(cost.amount)} ${cost.currency}`;
}

function levelText(level) {
  const eqf = level?.eqf ? `EQF level ${level.eqf}` : null;
  const nqf = level?.nqf || null;
  if (eqf && nqf) return `${eqf} · ${nqf}`;
  if (nqf) return `${nqf} · EQF level not stated`;
  return eqf || "Not stated";
}

// The cases of generator.render.facts._start, said in its words (DATA.start_words).
function startText(c) {
  const words = (which, date = null) => DATA.start_words[which].replace("{date}", date ? dateText(date) : "");
  if (c.status === "ceased" || c.status === "suspended") return words(c.status);
  const start = c.next_start;
  if (start && start >= todayIso()) return words("on", start);
  if (c.participation.pace === "self-paced") return words("any_time");
  return start ? words("past", start) : words("not_stated");
}

const DURATION_UNITS = { Y: "year", M: "month", W: "week", D: "day" };
const TIME_UNITS = { H: "hour", M: "minute", S: "second" };
function durationText(duration) {
  const [datePart, timePart = ""] = duration.replace(/^P/, "").split("T");
  const words = [];
  for (const [part, units] of [[datePart, DURATION_UNITS], [timePart, TIME_UNITS]]) {
    for (const [, amount, unit] of part.matchAll(/(\d+)([A-Z])/g)) {
      words.push(`${Number(amount)} ${units[unit]}${Number(amount) !== 1 ? "s" : ""}`);
    }
  }
  return words.join(" ");
}

function withDetail(main, detail) {
  return detail ? [main, el("br"), detail] : [main];
}

function pageLink(key, text) {
  return el("a", { href: new URL(`credentials/${key}/`, BASE).href, text });
}

// Each row: [fact, label, value(credential, provider, key, the credentials it counts towards)],
// the value a text, a node, a list of them, or null for "—"; in the fact sheets' words.
const ROWS = [
  ["provider", "Provider", (c, p, key) => el("a", { href: new URL(`providers/${key.split("/")[0]}/`, BASE).href, text: p.name })],
  ["cost", "Cost", (c) => [costText(c.cost), c.cost?.funding?.length ? el("ul", {}, ...c.cost.funding.map((item) => el("li", {}, item))) : ""]],
  ["start", "Start", (c) => startText(c)],
  ["pace", "Pace", (c) => (c.participation.pace ? label("participation.pace", c.participation.pace) : "Not stated")],
  ["workload", "Workload", (c) => workloadText(c.workload)],
  ["level", "Level", (c) => levelText(c.level)],
  ["participation", "Form of participation", (c) => [label("participation.mode", c.participation.mode), c.participation.location ? `; ${c.participation.location}` : ""]],
  ["type", "Type", (c) => label("credential.type", c.type)],
  ["languages", "Languages", (c) => c.languages.map((code) => DATA.languages[code] || code).join(", ")],
  ["recognition", "Recognition", (c) => list((c.recognition || []).map((r) => `${label("recognition.type", r.type)}: ${r.body}${r.detail ? ` (${r.detail})` : ""}`)) || "None stated"],
  ["counts-towards", "Counts towards", (c, p, key, targets) => {
    const items = (c.stackability?.contributes_to || []).map((item) => {
      if (typeof item !== "string") return el("a", { href: item.url, rel: "noopener", text: item.title });
      const target = targets.get(item);
      // Another provider's credential confirms the link in its `accepts` (as on the fact sheet).
      const confirmed = item.split("/")[0] === key.split("/")[0] || target?.stackability?.accepts?.includes(key);
      const link = pageLink(item, target?.title || item);
      return confirmed ? link : el("span", {}, link, el("span", { class: "credir-muted", text: " (not confirmed by its provider)" }));
    });
    return list(items) || c.stackability?.recognition || "Nothing stated";
  }],
  ["learning-outcomes", "Learning outcomes", (c) => list(c.learning_outcomes)],
  ["assessment", "Type of assessment", (c) => withDetail(c.assessment.methods.map((m) => label("assessment.methods", m)).join(", "), c.assessment.description)],
  ["supervision", "Supervision and identity verification", (c) => (c.assessment.supervision ? label("assessment.supervision", c.assessment.supervision) : "Not stated")],
  ["quality-assurance", "Type of quality assurance", (c) => withDetail(
    c.quality_assurance.types.map((t) => label("quality_assurance.types", t)).join(", ") +
    (c.quality_assurance.bodies?.length ? `; ${c.quality_assurance.bodies.join(", ")}` : ""), c.quality_assurance.description)],
  ["awarding-body", "Awarding body", (c, p) => list(c.awarding_bodies || [p.name])],
  ["country", "Country of the issuer", (c, p) => (c.countries || [p.country]).map((code) => DATA.countries[code] || code).join(", ")],
  ["field", "Field of education", (c) => c.fields_of_education.map((code) => `${DATA.fields[code] || code} (${code})`).join("; ")],
  ["duration", "Duration", (c) => (c.duration ? durationText(c.duration) : "Not stated")],
  ["prerequisites", "Prerequisites", (c) => c.prerequisites || "None stated"],
  ["issued-as", "How it is issued", (c) => (c.issued_as?.length ? c.issued_as.map((i) => label("issued_as", i)).join(", ") : "Not stated")],
  ["status", "Status", (c) => label("status", c.status)],
  ["skills", "Skills", (c) => (c.skills?.length ? c.skills.map((s) => s.label).join(" · ") : "None stated")],
  ["occupations", "Occupations", (c) => (c.occupations?.length ? c.occupations.map((o) => o.label).join(" · ") : "None stated")],
  ["review-by", "Listing confirmed until", (c) => `${dateText(c.review_by)}${c.review_by < todayIso() ? " (stale listing)" : ""}`],
];

async function sheet(key) {
  const [credential, provider] = await Promise.all([
    fetchJson(DATA.credential_json, "key", key),
    fetchJson(DATA.provider_json, "provider", key.split("/")[0]),
  ]);
  return { key, title: credential.title, credential, provider };
}

async function targetsOf(sheets) {
  // Credentials these count towards are named by key in the JSON: each fetched once, for
  // its title and whether it confirms the link.
  const keys = new Set();
  for (const { credential } of sheets) {
    for (const item of credential.stackability?.contributes_to || []) if (typeof item === "string" && KEY.test(item)) keys.add(item);
  }
  const targets = new Map();
  await Promise.all([...keys].map((key) => fetchJson(DATA.credential_json, "key", key)
    .then((c) => targets.set(key, c), () => {})));
  return targets;
}

function cellContent(value) {
  const nodes = (Array.isArray(value) ? value : [value]).filter((part) => part !== "" && part != null);
  return nodes.length ? nodes : ["—"];
}

function normalised(nodes) {
  return nodes.map((node) => (typeof node === "string" ? node : node.textContent)).join(" ").replace(/\s+/g, " ").trim();
}

// Costs in different currencies cannot be set against each other: say so, on the row too.
function currencies(sheets) {
  return [...new Set(sheets.map(({ credential: c }) => (c.cost?.amount ? c.cost.currency : null)).filter(Boolean))];
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
  const note = root.querySelector(".credir-compare__note");
  const holder = root.querySelector(".credir-compare__table");
  note.hidden = true;
  if (keys.length < 2) {
    holder.replaceChildren();
    status.textContent = keys.length === 1 ? "Pick at least one more credential to compare." :
      "Choose two to four credentials with their Compare buttons, on any list of credentials, in search results or on their pages.";
    return;
  }
  store(keys);
  status.textContent = "Loading…";
  let sheets;
  let targets;
  try {
    sheets = await Promise.all(keys.map(sheet));
    targets = await targetsOf(sheets);
  } catch (error) {
    status.textContent = `Could not load a credential (${error.message}). It may have been removed.`;
    return;
  }
  const table = el("table", { class: "credir-compare-grid" });
  table.append(el("caption", { class: "credir-visually-hidden", text: "Credentials side by side; rows that differ are marked." }));
  const head = el("tr", {}, el("th", { scope: "col", text: "Fact" }));
  for (const item of sheets) {
    const remove = el("button", { type: "button", class: "credir-compare-remove", text: "Remove", "aria-label": `Remove ${item.title} from the comparison` });
    remove.addEventListener("click", () => {
      const rest = keys.filter((k) => k !== item.key);
      store(rest);
      history.replaceState(null, "", compareUrl(rest));
      showComparison(root);
    });
    head.append(el("th", { scope: "col" }, pageLink(item.key, item.title), " ", remove));
  }
  const mixed = currencies(sheets);
  const body = el("tbody");
  let differing = 0;
  let compared = 0;
  for (const [fact, name, value] of ROWS) {
    const cells = sheets.map((item) => cellContent(value(item.credential, item.provider, item.key, targets)));
    const counted = !ALWAYS_DIFFERENT.has(fact);
    const differs = counted && new Set(cells.map(normalised)).size > 1;
    compared += counted;
    differing += differs;
    const th = el("th", { scope: "row" }, name);
    if (differs) th.append(el("span", { class: "credir-diff-mark", text: " differs" }));
    if (fact === "cost" && mixed.length > 1) {
      th.append(el("span", { class: "credir-currency-note", text: ` Different currencies (${mixed.join(", ")}): not directly comparable.` }));
    }
    const row = el("tr", { class: differs ? "credir-diff" : null, "data-fact": fact }, th);
    sheets.forEach((item, index) => row.append(el("td", { "data-credential": item.title }, ...cells[index])));
    body.append(row);
  }
  table.append(el("thead", {}, head), body);
  holder.replaceChildren(table);
  if (mixed.length > 1) {
    note.textContent = `The costs are in different currencies (${mixed.join(", ")}), so they cannot be compared directly: convert them at today's rate before you weigh them.`;
    note.hidden = false;
  }
  status.textContent = `Comparing ${sheets.length} credentials: ${differing} of ${compared} facts differ.`;
}

const compareRoot = document.querySelector("[data-credir-compare]");
if (compareRoot && DATA) showComparison(compareRoot);
