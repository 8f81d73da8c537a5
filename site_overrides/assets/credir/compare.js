// credir compare: the compare page, which shows two to four credentials side by side. The
// picking (Compare buttons and the tray, on every page) is tray.js.
import { el } from "./dom.js";
import { t, tn } from "./i18n.js";
import { BASE, compareUrl, KEY, MAX, picked, store } from "./tray.js";

// The compare page itself: each credential's JSON export (api/v1/, the same files open-data
// users read) and its provider's, worded as the fact sheets word them (generator/render/
// facts.py; the page carries the vocabulary labels as JSON data).
const dataNode = document.getElementById("credir-compare-data");
const DATA = dataNode ? JSON.parse(dataNode.textContent) : null;
// Rows that tell two credentials apart by definition: shown, never marked "differs".
const ALWAYS_DIFFERENT = new Set(["provider"]);
// Numbers and days as the fact sheets write them, in the page's language ("4 March 2029").
const LOCALE = DATA?.locale || "en-GB";
const numberFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function fetchJson(template, name, value) {
  // The data island's paths are relative to this page (generator/render/browse.py).
  const url = new URL(template.replace(`{${name}}`, value), document.baseURI);
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
  if (workload.hours != null) parts.push(tn("%(num)s hour", "%(num)s hours", workload.hours, { num: number(workload.hours) }));
  return parts.join(" · ");
}

function costText(cost) {
  if (!cost || cost.amount == null) return t("Cost not stated");
  if (cost.amount === 0) return t("Free");
  return `${number(cost.amount)} ${cost.currency}`;
}

function levelText(level) {
  const eqf = level?.eqf ? t("EQF level %(level)s", { level: level.eqf }) : null;
  const nqf = level?.nqf || null;
  if (eqf && nqf) return `${eqf} · ${nqf}`;
  if (nqf) return nqf + " · " + t("EQF level not stated");
  return eqf || t("Not stated");
}

// The cases of generator.render.facts._start, said in its words (DATA.start_words).
function startText(c) {
  const words = (which, date = null) => DATA.start_words[which].replace("%(date)s", date ? dateText(date) : "");
  if (c.status === "ceased" || c.status === "suspended") return words(c.status);
  const start = c.next_start;
  if (start && start >= todayIso()) return words("on", start);
  if (c.participation.pace === "self-paced") return words("any_time");
  return start ? words("past", start) : words("not_stated");
}

// An ISO 8601 duration's units, as generator.render.facts.duration_text says them.
const DURATION_UNITS = {
  Y: (n) => tn("%(num)s year", "%(num)s years", n),
  M: (n) => tn("%(num)s month", "%(num)s months", n),
  W: (n) => tn("%(num)s week", "%(num)s weeks", n),
  D: (n) => tn("%(num)s day", "%(num)s days", n),
};
const TIME_UNITS = {
  H: (n) => tn("%(num)s hour", "%(num)s hours", n),
  M: (n) => tn("%(num)s minute", "%(num)s minutes", n),
  S: (n) => tn("%(num)s second", "%(num)s seconds", n),
};
function durationText(duration) {
  const [datePart, timePart = ""] = duration.replace(/^P/, "").split("T");
  const words = [];
  for (const [part, units] of [[datePart, DURATION_UNITS], [timePart, TIME_UNITS]]) {
    for (const [, amount, unit] of part.matchAll(/(\d+)([A-Z])/g)) words.push(units[unit](Number(amount)));
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
  ["provider", t("Provider"), (c, p, key) => el("a", { href: new URL(`providers/${key.split("/")[0]}/`, BASE).href, text: p.name })],
  ["cost", t("Cost"), (c) => [costText(c.cost), c.cost?.funding?.length ? el("ul", {}, ...c.cost.funding.map((item) => el("li", {}, item))) : ""]],
  ["start", t("Start"), (c) => startText(c)],
  ["pace", t("Pace"), (c) => (c.participation.pace ? label("participation.pace", c.participation.pace) : t("Not stated"))],
  ["workload", t("Workload"), (c) => workloadText(c.workload)],
  ["level", t("Level"), (c) => levelText(c.level)],
  ["participation", t("Form of participation"), (c) => [label("participation.mode", c.participation.mode), c.participation.location ? `; ${c.participation.location}` : ""]],
  ["type", t("Type"), (c) => label("credential.type", c.type)],
  ["languages", t("Languages"), (c) => c.languages.map((code) => DATA.languages[code] || code).join(", ")],
  ["recognition", t("Recognition"), (c) => list((c.recognition || []).map((r) => `${label("recognition.type", r.type)}: ${r.body}${r.detail ? ` (${r.detail})` : ""}`)) || t("None stated")],
  ["counts-towards", t("Counts towards"), (c, p, key, targets) => {
    const items = (c.stackability?.contributes_to || []).map((item) => {
      if (typeof item !== "string") return el("a", { href: item.url, rel: "noopener", text: item.title });
      const target = targets.get(item);
      // Another provider's credential confirms the link in its `accepts` (as on the fact sheet).
      const confirmed = item.split("/")[0] === key.split("/")[0] || target?.stackability?.accepts?.includes(key);
      const link = pageLink(item, target?.title || item);
      return confirmed ? link : el("span", {}, link, el("span", { class: "credir-muted", text: " (" + t("not confirmed by its provider") + ")" }));
    });
    return list(items) || c.stackability?.recognition || t("Nothing stated");
  }],
  ["learning-outcomes", t("Learning outcomes"), (c) => list(c.learning_outcomes)],
  ["assessment", t("Type of assessment"), (c) => withDetail(c.assessment.methods.map((m) => label("assessment.methods", m)).join(", "), c.assessment.description)],
  ["supervision", t("Supervision and identity verification"), (c) => (c.assessment.supervision ? label("assessment.supervision", c.assessment.supervision) : t("Not stated"))],
  ["quality-assurance", t("Type of quality assurance"), (c) => withDetail(
    c.quality_assurance.types.map((type) => label("quality_assurance.types", type)).join(", ") +
    (c.quality_assurance.bodies?.length ? `; ${c.quality_assurance.bodies.join(", ")}` : ""), c.quality_assurance.description)],
  ["awarding-body", t("Awarding body"), (c, p) => list(c.awarding_bodies || [p.name])],
  ["country", t("Country of the issuer"), (c, p) => (c.countries || [p.country]).map((code) => DATA.countries[code] || code).join(", ")],
  ["field", t("Field of education"), (c) => c.fields_of_education.map((code) => `${DATA.fields[code] || code} (${code})`).join("; ")],
  ["duration", t("Duration"), (c) => (c.duration ? durationText(c.duration) : t("Not stated"))],
  ["prerequisites", t("Prerequisites"), (c) => c.prerequisites || t("None stated")],
  ["issued-as", t("How it is issued"), (c) => (c.issued_as?.length ? c.issued_as.map((i) => label("issued_as", i)).join(", ") : t("Not stated"))],
  ["status", t("Status"), (c) => label("status", c.status)],
  ["skills", t("Skills"), (c) => (c.skills?.length ? c.skills.map((s) => s.label).join(" · ") : t("None stated"))],
  ["occupations", t("Occupations"), (c) => (c.occupations?.length ? c.occupations.map((o) => o.label).join(" · ") : t("None stated"))],
  ["review-by", t("Listing confirmed until"), (c) => dateText(c.review_by) + (c.review_by < todayIso() ? " (" + t("stale listing") + ")" : "")],
];

// A credential or provider as this page's language shows it: the provider's translation
// where the file gives one, field by field, else the original (as the fact sheets do).
const PAGE_LANG = document.documentElement.lang;
function inPageLanguage(record, fields) {
  const translation = record?.translations?.[PAGE_LANG];
  if (!translation) return record;
  const shown = { ...record };
  for (const field of fields) if (translation[field]?.length) shown[field] = translation[field];
  return shown;
}
const TEXT_FIELDS = ["title", "summary", "description", "learning_outcomes"];

async function sheet(key) {
  const [credential, provider] = await Promise.all([
    fetchJson(DATA.credential_json, "key", key).then((c) => inPageLanguage(c, TEXT_FIELDS)),
    fetchJson(DATA.provider_json, "provider", key.split("/")[0]).then((p) => inPageLanguage(p, ["name", "description"])),
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
    .then((c) => targets.set(key, inPageLanguage(c, TEXT_FIELDS)), () => {})));
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
    const compare = t("Compare");
    status.textContent = keys.length === 1 ? t("Pick at least one more credential to compare.") :
      t("Choose two to four credentials with their %(compare)s buttons, on any list of credentials, in search results or on their pages.", { compare });
    return;
  }
  store(keys);
  status.textContent = t("Loading…");
  let sheets;
  let targets;
  try {
    sheets = await Promise.all(keys.map(sheet));
    targets = await targetsOf(sheets);
  } catch (error) {
    status.textContent = t("Could not load a credential (%(error)s). It may have been removed.", { error: error.message });
    return;
  }
  const table = el("table", { class: "credir-compare-grid" });
  table.append(el("caption", { class: "credir-visually-hidden", text: t("Credentials side by side; rows that differ are marked.") }));
  // Translators: the heading of the comparison's first column, whose rows name the facts.
  const head = el("tr", {}, el("th", { scope: "col", text: t("Fact") }));
  for (const item of sheets) {
    const remove = el("button", {
      type: "button", class: "credir-compare-remove", text: t("Remove"),
      "aria-label": t("Remove %(title)s from the comparison", { title: item.title }),
    });
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
    // Translators: marks a row of the comparison whose values are not all the same.
    if (differs) th.append(el("span", { class: "credir-diff-mark", text: " " + t("differs") }));
    if (fact === "cost" && mixed.length > 1) {
      const text = t("Different currencies (%(currencies)s): not directly comparable.", { currencies: mixed.join(", ") });
      th.append(el("span", { class: "credir-currency-note", text: ` ${text}` }));
    }
    const row = el("tr", { class: differs ? "credir-diff" : null, "data-fact": fact }, th);
    sheets.forEach((item, index) => row.append(el("td", { "data-credential": item.title }, ...cells[index])));
    body.append(row);
  }
  table.append(el("thead", {}, head), body);
  holder.replaceChildren(table);
  if (mixed.length > 1) {
    note.textContent = t("The costs are in different currencies (%(currencies)s), so they cannot be compared directly: convert them at today's rate before you weigh them.", { currencies: mixed.join(", ") });
    note.hidden = false;
  }
  status.textContent = tn(
    "Comparing %(num)s credential: %(differing)s of %(compared)s facts differ.",
    "Comparing %(num)s credentials: %(differing)s of %(compared)s facts differ.",
    sheets.length, { differing, compared },
  );
}

const compareRoot = document.querySelector("[data-credir-compare]");
if (compareRoot && DATA) showComparison(compareRoot);
