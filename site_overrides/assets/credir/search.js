// credir search page: Pagefind's JS API with filters, sorting and the state in the URL.
// Runs only where the page has [data-credir-search]; every other page ignores it.
// Its filters, sorts, ranking and the words that name a filter value come from the page
// (generator/render/search.py writes them as JSON), never from a list kept here.
import { el } from "./dom.js";
import { language, place, t, tn } from "./i18n.js";
const root = document.querySelector("[data-credir-search]");
const SETTINGS = root ? JSON.parse(root.querySelector(".credir-search-settings").textContent) : {};
const FILTERS = (SETTINGS.filters || []).map((filter) => filter.name);
const LABELS = Object.fromEntries((SETTINGS.filters || []).map((f) => [f.name, f.label]));
const ORDERS = Object.fromEntries((SETTINGS.filters || []).map((f) => [f.name, f.order || null]));
const SORTS = Object.fromEntries(SETTINGS.sorts || [["", t("Relevance")]]);
const PAGE = SETTINGS.pageSize || 20;
const DEFAULT_STATUSES = SETTINGS.defaultStatuses || [];
const HIDDEN_STATUS = SETTINGS.hiddenStatus;
const PHRASES = (SETTINGS.phrases || []).map(([phrase, name, values]) => ({ words: phrase.split(" "), name, values }));
const STOP_WORDS = new Set(SETTINGS.stopWords || []);
const ENGLISH_SPELLINGS = SETTINGS.englishSpellings !== false;
// Longest first: the first ending a word has is the longest it has.
const ENDINGS = [...(SETTINGS.queryEndings || [])].sort((a, b) => b.length - a.length);
const STEM_MIN = SETTINGS.queryStemMin || 4;
const WORDS_PARAM = "words"; // "all": the query is read as words only, no filter taken from it

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name);
    if (values.length) filters[name] = values;
  }
  return {
    q: params.get("q") || "", sort: params.get("sort") || "", filters, shown: PAGE,
    literal: params.get(WORDS_PARAM) === "all", understood: null,
  };
}

function writeState(state, replace = false) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FILTERS) for (const value of state.filters[name] || []) params.append(name, value);
  if (state.sort) params.set("sort", state.sort);
  if (state.literal) params.set(WORDS_PARAM, "all");
  const query = params.toString();
  const url = location.pathname + (query ? "?" + query : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

// "free online data EQF 6 English": the words that name a filter value become that filter
// (shown as a removable chip, and undone by "search the words instead"); the rest is searched.
function understand(state) {
  if (state.literal || !state.q.trim()) return false;
  const tokens = state.q.trim().split(/\s+/);
  const plain = tokens.map((token) => token.toLowerCase().replace(/^[("'“‘]+|[),.;:!?"'”’]+$/g, ""));
  const kept = [];
  const read = [];
  for (let i = 0; i < tokens.length;) {
    const hit = PHRASES.find(({ words }) => words.every((word, k) => plain[i + k] === word));
    if (!hit) { kept.push(tokens[i]); i += 1; continue; }
    read.push({ phrase: tokens.slice(i, i + hit.words.length).join(" "), name: hit.name, values: hit.values });
    i += hit.words.length;
  }
  if (!read.length) return false;
  state.understood = { original: state.q, read };
  state.q = kept.join(" ");
  for (const { name, values } of read) {
    const chosen = state.filters[name] || [];
    state.filters[name] = [...chosen, ...values.filter((value) => !chosen.includes(value))];
  }
  return true;
}

// The words Pagefind is asked for: without the words that say nothing ("for", "the") when
// others are left, and with American spellings in British form ("analyze" -> "analyse"),
// which the index holds for every word written either way (generator/render/search.py):
// "analyse" also finds "analysis", and so must "analyze".
function searchWords(q) {
  const words = q.trim().split(/\s+/).filter(Boolean);
  const kept = words.filter((word) => !STOP_WORDS.has(word.toLowerCase()));
  return (kept.length ? kept : words).map((word) => stem(ENGLISH_SPELLINGS ? word
    .replace(/^(\p{L}{2,}?)(i|y)z(e|es|ed|er|ers|ing|ation|ations)$/iu, "$1$2s$3")
    .replace(/^(licen)s(e|es|ed)$/iu, "$1c$2") : word));
}

// A word without the ending the page's settings name for a language Pagefind cannot stem
// (generator/render/search.py QUERY_ENDINGS): Pagefind matches the stem as the start of
// every form of the word.
function stem(word) {
  const lower = word.toLowerCase();
  if (!/^\p{L}+$/u.test(lower)) return word;
  const ending = ENDINGS.find((end) => lower.endsWith(end) && lower.length - end.length >= STEM_MIN);
  return ending ? word.slice(0, word.length - ending.length) : word;
}

const script = document.querySelector('script[src*="assets/credir/search.js"]');
const siteBase = new URL("../../", script ? script.src : location.href);

async function loadPagefind() {
  const pagefind = await import(new URL("pagefind/pagefind.js", siteBase).href);
  const options = { baseUrl: siteBase.pathname, ranking: SETTINGS.ranking };
  await pagefind.options(options);
  await pagefind.init();
  // A large directory's index comes in shards (generator/site/pagefind.py): the first is
  // the one loaded above, the others are merged into it and searched together.
  const shards = Number(root.dataset.credirShards) || 1;
  const merged = [];
  for (let number = 2; number <= shards; number++) {
    const folder = new URL(`pagefind/shard-${number}/`, siteBase).pathname;
    merged.push(pagefind.mergeIndex(folder, options));
  }
  await Promise.all(merged);
  // No pagefind.filters() here: it loads the values of every filter for every credential
  // (300 KB at 10,000 credentials) before the first result. A search counts the values of
  // the filters whose index is loaded: those it uses, and those a learner unfolds
  // (showFilter below).
  return pagefind;
}

// Sort orders are files of result ids (generator/site/pagefind.py), fetched when a learner
// first sorts by that key, instead of being part of what every search loads.
const sortOrders = {};
function sortOrder(key) {
  sortOrders[key] ??= fetch(new URL(`search/sort/${key}.json`, siteBase))
    .then((response) => response.json())
    .then((ids) => new Map(ids.map((id, index) => [id, index])));
  return sortOrders[key];
}

async function sortResults(results, sort) {
  const [key, direction] = sort.split(":");
  const ranks = await sortOrder(key);
  const last = ranks.size;
  const rank = (result) => ranks.get(result.id) ?? last;
  const sign = direction === "desc" ? -1 : 1;
  return [...results].sort((a, b) => sign * (rank(a) - rank(b)));
}

// Pagefind's filters for a state; `without` leaves one group out (its values are then
// counted as "how many if you tick this too").
function pagefindFilters(filters, without = null) {
  const found = {};
  for (const [name, values] of Object.entries(filters)) if (name !== without) found[name] = { any: values };
  if (!filters.status && without !== "status") found.status = { any: DEFAULT_STATUSES };
  return found;
}

function card(data) {
  const meta = data.meta || {};
  const chips = el("ul", { class: "credir-chips", "aria-label": t("Key facts") });
  for (const fact of [meta.workload, meta.level, meta.mode, meta.cost, meta.starts]) {
    if (fact) chips.append(el("li", { text: fact }));
  }
  if (meta.status && meta.status !== "active") {
    chips.append(el("li", { class: `credir-badge credir-badge--${meta.status}`, text: meta.status_label || meta.status }));
  }
  if (meta.stale === "yes") chips.append(el("li", { class: "credir-badge credir-badge--stale", text: t("Stale listing") }));
  // The provider's own words carry their language: screen readers pick the voice by it.
  const lang = meta.lang || null;
  const title = el("h3", { class: "credir-card__title" }, el("a", { href: data.url, lang, text: meta.title || data.url }));
  const compare = el("button", {
    type: "button", class: "credir-compare-toggle", "data-compare-key": meta.key || "",
    "aria-pressed": "false", text: t("Compare"),
  });
  return el("li", { class: "credir-card" }, title,
    el("p", { class: "credir-card__provider", text: meta.provider || "" }),
    el("p", { class: "credir-card__summary", lang, text: meta.summary || "" }),
    chips, compare);
}

function foldedGroup(name, onShow) {
  // A filter whose values are not loaded yet: one button loads them.
  const fieldset = el("fieldset", { class: "credir-facet credir-facet--folded", "data-filter": name });
  fieldset.append(el("legend", { text: LABELS[name] }));
  // English runs the filter's name into the sentence ("Show provider options"); the other
  // languages say it as its legend does (a German noun keeps its capital).
  const filter = language() === "en" ? LABELS[name].toLowerCase() : LABELS[name];
  const show = el("button", {
    type: "button", class: "credir-facet__show", "aria-expanded": "false",
    // Translators: %(filter)s is the filter's name as its heading says it ("Provider").
    text: t("Show %(filter)s options", { filter }),
  });
  show.addEventListener("click", () => onShow(name));
  fieldset.append(show);
  return fieldset;
}

function orderedValues(name, counts) {
  const values = Object.keys(counts || {});
  const order = ORDERS[name];
  const position = (value) => (order && order.includes(value) ? order.indexOf(value) : Infinity);
  return values.sort((a, b) => position(a) - position(b) || a.localeCompare(b, undefined, { numeric: true }));
}

function filterGroup(name, counts, state, onChange) {
  const selected = new Set(state.filters[name] || []);
  const values = orderedValues(name, counts);
  const fieldset = el("fieldset", { class: "credir-facet", "data-filter": name });
  fieldset.append(el("legend", { text: LABELS[name] }));
  if (name === "status" && !state.filters.status && HIDDEN_STATUS) {
    // Translators: %(status)s is a status the filter offers: "Ceased ones are left out until ticked."
    fieldset.append(el("p", { class: "credir-facet__note", text: t("%(status)s ones are left out until ticked.", { status: HIDDEN_STATUS }) }));
  }
  for (const value of values) {
    const id = `f-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
    const box = el("input", { type: "checkbox", id, name, value, checked: selected.has(value) });
    box.addEventListener("change", () => onChange(name, value, box.checked));
    const count = counts[value];
    fieldset.append(el("div", { class: "credir-facet__option" }, box,
      el("label", { for: id }, `${value} `, el("span", { class: "credir-facet__count", text: `(${count})` }))));
  }
  return values.length ? fieldset : null;
}

// Values of one filter, any of which a result may have: "Online or Blended".
// Translators: joins the values of one filter: "Online or Blended".
const anyOf = (values) => values.join(t(" or "));
// "Cost: Free", a filter and its values as a chip and a suggestion say them.
const filterText = (name, values) => t("%(filter)s: %(values)s", { filter: LABELS[name], values: anyOf(values) });

async function start() {
  const form = root.querySelector("form");
  const input = root.querySelector("input[name=q]");
  const status = root.querySelector(".credir-search__status");
  const help = root.querySelector(".credir-search__help");
  const list = root.querySelector(".credir-search__results");
  const facets = el("div", { class: "credir-facets", "aria-label": t("Filters"), role: "group" });
  // On a phone the filters start folded so the results stay in view; once unfolded, a
  // button at their end leads back to the results.
  const phone = matchMedia("(max-width: 40em)").matches;
  const toResults = el("button", { type: "button", class: "md-button credir-show-results" });
  const facetBox = el("details", { class: "credir-facets-box", open: !phone },
    el("summary", { text: t("Filters") }), facets, toResults);
  const sort = el("select", { id: "credir-sort", name: "sort" });
  for (const [value, label] of Object.entries(SORTS)) sort.append(el("option", { value, text: label }));
  const sortRow = el("p", { class: "credir-sort" }, el("label", { for: "credir-sort", text: t("Sort by") + " " }), sort);
  const chips = el("div", { class: "credir-active", "aria-label": t("Active filters"), role: "group" });
  const notes = el("div", { class: "credir-search__notes" });
  const more = el("button", { type: "button", class: "md-button credir-more", hidden: true, text: t("Show more results") });
  status.after(notes);
  list.before(chips, sortRow);
  list.after(more);
  form.after(facetBox);
  toResults.addEventListener("click", () => {
    facetBox.open = false;
    status.setAttribute("tabindex", "-1");
    status.focus();
    status.scrollIntoView({ block: "start" });
  });

  let state = readState();
  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    status.textContent = t("Search could not load. Browse all credentials instead.");
    help.hidden = false;
    return;
  }
  if (understand(state)) writeState(state, true);
  let run = 0;

  const search = (q, filters) => pagefind.search(searchWords(q).join(" ") || null, { filters });

  async function render() {
    const mine = ++run;
    input.value = state.q;
    sort.value = SORTS[state.sort] ? state.sort : "";
    const main = await search(state.q, pagefindFilters(state.filters));
    // Each group with a choice (and status, whose default leaves ceased ones out) is
    // counted without its own choice: a value's count is what ticking it gives.
    const groups = [...new Set(["status", ...Object.keys(state.filters)])];
    const without = Object.fromEntries(await Promise.all(groups.map(async (name) =>
      [name, await search(state.q, pagefindFilters(state.filters, name))])));
    if (mine !== run) return;
    let results = main.results;
    if (state.sort && SORTS[state.sort]) {
      results = await sortResults(results, state.sort);
    } else if (results.length && SETTINGS.laterFilter) {
      // Relevance, but listings that cannot be joined now (suspended, ceased) or were not
      // re-confirmed in time (stale) come after the others.
      const filters = { ...pagefindFilters(state.filters), [SETTINGS.laterFilter]: { any: ["yes"] } };
      const later = new Set((await search(state.q, filters)).results.map((result) => result.id));
      results = [...results.filter((r) => !later.has(r.id)), ...results.filter((r) => later.has(r.id))];
    }
    if (mine !== run) return;
    const total = results.length;
    const datas = await Promise.all(results.slice(0, state.shown).map((r) => r.data()));
    if (mine !== run) return;
    const hidden = state.filters.status ? 0 : (without.status.filters?.status?.[HIDDEN_STATUS] || 0);
    const said = await notesFor(total, hidden, without);
    if (mine !== run) return;
    notes.replaceChildren(...said);
    list.replaceChildren(...datas.map(card));
    more.hidden = total <= state.shown;
    if (total === 0) status.textContent = t("No credentials match.");
    else if (state.q) status.textContent = tn("%(num)s credential found for “%(query)s”.", "%(num)s credentials found for “%(query)s”.", total, { query: state.q });
    else status.textContent = tn("%(num)s credential found.", "%(num)s credentials found.", total);
    toResults.textContent = tn("Show %(num)s result", "Show %(num)s results", total);
    help.hidden = total !== 0;
    renderChips();
    const counts = main.filters || {};
    const shownGroups = FILTERS.map((name) => {
      const own = name in without ? without[name].filters || {} : counts;
      if (!(name in own) && !state.filters[name]) return foldedGroup(name, showFilter);
      // Keep selected values visible even when their count is zero.
      const merged = { ...(own[name] || {}) };
      for (const value of state.filters[name] || []) if (!(value in merged)) merged[value] = 0;
      return filterGroup(name, merged, state, onFilter);
    }).filter(Boolean);
    const focused = focusedFilter();
    facets.replaceChildren(...shownGroups);
    if (focused) refocus(focused);
    document.dispatchEvent(new CustomEvent("credir:results"));
  }

  // What the status line cannot say: how the query was read, what ceased listings were
  // left out, and, when nothing matches, which filter or word to drop (with what it gives).
  async function notesFor(total, hidden, without) {
    const items = [];
    const understood = state.understood;
    // Only what still holds: a chip removed since takes its reading with it.
    const still = (understood?.read || []).filter(({ name, values }) =>
      values.some((value) => (state.filters[name] || []).includes(value)));
    if (still.length) {
      // Translators: how a query's words were read: “free” as Cost: Free.
      const read = still.map(({ phrase, name, values }) => t("“%(phrase)s” as %(filter)s", { phrase, filter: filterText(name, values) }));
      const literal = el("button", { type: "button", class: "credir-link-button", text: t("search the words instead") });
      literal.addEventListener("click", () => {
        for (const { name, values } of understood.read) for (const value of values) dropValue(name, value);
        state.q = understood.original;
        state.literal = true;
        state.understood = null;
        update();
      });
      items.push(el("p", { class: "credir-search__read" },
        ...place(t("Read %(readings)s; %(literal)s.", { readings: read.join(", ") }), { literal })));
    }
    if (hidden) {
      const show = el("button", { type: "button", class: "credir-link-button", text: tn("show it too", "show them too", hidden) });
      show.addEventListener("click", () => {
        state.filters.status = [...DEFAULT_STATUSES, HIDDEN_STATUS];
        update();
      });
      const said = tn("%(num)s ceased credential (no longer offered) also matches, not shown: %(show)s.",
        "%(num)s ceased credentials (no longer offered) also match, not shown: %(show)s.", hidden);
      items.push(el("p", { class: "credir-search__hidden" }, ...place(said, { show })));
    }
    if (total === 0) {
      const ways = [];
      for (const name of Object.keys(state.filters)) {
        const count = without[name].results.length;
        if (!count) continue;
        const drop = t("Drop %(filter)s", { filter: filterText(name, state.filters[name]) });
        ways.push(suggestion(drop, count, () => delete state.filters[name]));
      }
      if (hidden) ways.push(suggestion(t("Include ceased credentials"), hidden, () => { state.filters.status = [...DEFAULT_STATUSES, HIDDEN_STATUS]; }));
      const words = searchWords(state.q);
      if (words.length > 1) {
        const counts = await Promise.all(words.map((_, i) =>
          search(words.filter((__, k) => k !== i).join(" "), pagefindFilters(state.filters))));
        words.forEach((word, i) => {
          const count = counts[i].results.length;
          if (count) ways.push(suggestion(t("Search without “%(word)s”", { word }), count, () => { state.q = words.filter((__, k) => k !== i).join(" "); }));
        });
      }
      if (ways.length) items.push(el("div", { class: "credir-search__suggest" }, el("p", { text: t("Try:") }), el("ul", {}, ...ways)));
      else if (state.q) items.push(el("p", { text: t("Check the spelling, or use fewer or more general words.") }));
    }
    // A word no credential has is matched by Pagefind to a shorter or similar one
    // ("kubernettes" to "Kubernetes", "analitics" to "an"): say so, and offer the similar
    // word when it is a plausible spelling.
    for (const { word, match } of await unknownWords(searchWords(state.q))) {
      const line = el("p", { class: "credir-search__unknown" }, t("No credential has “%(word)s”.", { word }));
      if (match) {
        const fix = el("button", { type: "button", class: "credir-link-button", text: t("Search for “%(word)s”", { word: match }) });
        fix.addEventListener("click", () => {
          state.q = searchWords(state.q).map((w) => (w === word ? match : w)).join(" ");
          update();
        });
        line.append(" ", ...place(t("%(search)s instead?"), { search: fix }));
      }
      items.push(line);
    }
    return items;
  }

  async function unknownWords(words) {
    const found = [];
    for (const word of words) {
      if (word.length < 3) continue;
      const search = await pagefind.search(word);
      if (!search.results.length) {
        found.push({ word, match: null });
        continue;
      }
      const data = await search.results[0].data();
      const text = data.content.split(/\s+/);
      const matched = (data.locations || []).map((i) => (text[i] || "").replace(/[^\p{L}\p{N}-]/gu, ""));
      const root = word.toLowerCase().slice(0, Math.max(3, word.length - 2));
      if (!matched.length || matched.some((m) => m.toLowerCase().startsWith(root))) continue;
      const close = matched.find((m) => m.length >= 4 && Math.abs(m.length - word.length) <= 2);
      found.push({ word, match: close || null });
    }
    return found;
  }

  function suggestion(text, count, change) {
    const button = el("button", { type: "button", class: "credir-link-button", text: tn("%(suggestion)s (%(num)s result)", "%(suggestion)s (%(num)s results)", count, { suggestion: text }) });
    button.addEventListener("click", () => { change(); update(); });
    return el("li", {}, button);
  }

  function renderChips() {
    const buttons = [];
    for (const name of FILTERS) {
      for (const value of state.filters[name] || []) {
        const chip = el("button", {
          type: "button", class: "credir-active__chip", "aria-label": t("Remove filter %(filter)s", { filter: filterText(name, [value]) }),
        }, filterText(name, [value]), el("span", { "aria-hidden": "true", text: " ×" }));
        chip.addEventListener("click", () => { dropValue(name, value); update(); });
        buttons.push(chip);
      }
    }
    if (buttons.length > 1) {
      const clear = el("button", { type: "button", class: "credir-active__clear", text: t("Clear all filters") });
      clear.addEventListener("click", () => { state.filters = {}; update(); });
      buttons.push(clear);
    }
    chips.hidden = !buttons.length;
    chips.replaceChildren(...buttons);
  }

  function dropValue(name, value) {
    const values = (state.filters[name] || []).filter((item) => item !== value);
    if (values.length) state.filters[name] = values; else delete state.filters[name];
  }

  function update() {
    state.shown = PAGE;
    writeState(state);
    return render().then(() => status.focus?.());
  }

  // New results rebuild the filters: a keyboard user's focus moves to the same control in
  // the new ones instead of falling back to the top of the page.
  function focusedFilter() {
    const active = document.activeElement;
    if (!active || !facets.contains(active)) return null;
    const group = active.closest("fieldset[data-filter]");
    return group && { name: group.dataset.filter, value: active.value, show: active.classList.contains("credir-facet__show") };
  }

  function refocus({ name, value, show }) {
    const group = facets.querySelector(`fieldset[data-filter="${name}"]`);
    if (!group) return;
    const target = show ? group.querySelector(".credir-facet__show") :
      group.querySelector(`input[value="${CSS.escape(value || "")}"]`);
    (target || group.querySelector("input, button"))?.focus();
  }

  async function showFilter(name) {
    // Loads this filter's index (a preload runs no search); the next search counts it.
    await pagefind.preload(null, { filters: { [name]: { any: [] } } });
    await render();
    const first = facets.querySelector(`fieldset[data-filter="${name}"] input`);
    if (first) first.focus();
  }

  function onFilter(name, value, checked) {
    if (checked) state.filters[name] = [...(state.filters[name] || []), value];
    else dropValue(name, value);
    state.shown = PAGE;
    writeState(state);
    render().then(() => {
      const box = facets.querySelector(`fieldset[data-filter="${name}"] input[value="${CSS.escape(value)}"]`);
      if (box) box.focus();
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    state.q = input.value;
    state.literal = false;
    state.understood = null;
    state.shown = PAGE;
    understand(state);
    writeState(state);
    render();
  });
  sort.addEventListener("change", () => {
    state.sort = sort.value;
    writeState(state);
    render();
  });
  more.addEventListener("click", () => {
    state.shown += PAGE;
    render();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    render();
  });
  await render();
}

if (root) start();
