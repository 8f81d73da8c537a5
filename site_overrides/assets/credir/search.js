// credir search page: Pagefind's JS API with filters, sorting and the state in the URL.
// Runs only where the page has [data-credir-search]; every other page ignores it.
import { el } from "./dom.js";
const root = document.querySelector("[data-credir-search]");

const FILTER_LABELS = {
  provider: "Provider", country: "Country", language: "Language", mode: "Participation",
  level: "Level", type: "Type", cost: "Cost", workload: "Workload", field: "Field of education",
  status: "Status", skill: "Skill",
};
const SORTS = {
  "": "Relevance", "title:asc": "Title (A–Z)", "workload:asc": "Workload (smallest first)",
  "workload:desc": "Workload (largest first)", "cost:asc": "Cost (lowest first)",
  "next_start:asc": "Next start (soonest first)",
};
const PAGE = 20;
// Ceased credentials stay out of default results; the status filter brings them back.
const DEFAULT_STATUSES = ["Active", "Upcoming", "Suspended"];

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of Object.keys(FILTER_LABELS)) {
    const values = params.getAll(name);
    if (values.length) filters[name] = values;
  }
  return { q: params.get("q") || "", sort: params.get("sort") || "", filters, shown: PAGE };
}

function writeState(state, replace = false) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  const url = location.pathname + (query ? "?" + query : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

const script = document.querySelector('script[src*="assets/credir/search.js"]');
const siteBase = new URL("../../", script ? script.src : location.href);

async function loadPagefind() {
  const pagefind = await import(new URL("pagefind/pagefind.js", siteBase).href);
  await pagefind.options({ baseUrl: siteBase.pathname });
  await pagefind.init();
  // A large directory's index comes in shards (generator/site/pagefind.py): the first is
  // the one loaded above, the others are merged into it and searched together.
  const shards = Number(root.dataset.credirShards) || 1;
  const merged = [];
  for (let number = 2; number <= shards; number++) {
    const folder = new URL(`pagefind/shard-${number}/`, siteBase).pathname;
    merged.push(pagefind.mergeIndex(folder, { baseUrl: siteBase.pathname }));
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

function pagefindFilters(state) {
  const filters = {};
  for (const [name, values] of Object.entries(state.filters)) filters[name] = { any: values };
  if (!state.filters.status) filters.status = { any: DEFAULT_STATUSES };
  return filters;
}

function card(data) {
  const meta = data.meta || {};
  const chips = el("ul", { class: "credir-chips", "aria-label": "Key facts" });
  for (const fact of [meta.workload, meta.level, meta.mode, meta.cost]) {
    if (fact) chips.append(el("li", { text: fact }));
  }
  if (meta.status && meta.status !== "active") {
    const label = meta.status[0].toUpperCase() + meta.status.slice(1);
    chips.append(el("li", { class: `credir-badge credir-badge--${meta.status}`, text: label }));
  }
  if (meta.stale === "yes") chips.append(el("li", { class: "credir-badge credir-badge--stale", text: "Stale listing" }));
  const title = el("h3", { class: "credir-card__title" }, el("a", { href: data.url, text: meta.title || data.url }));
  const compare = el("button", {
    type: "button", class: "credir-compare-toggle", "data-compare-key": meta.key || "",
    "aria-pressed": "false", text: "Compare",
  });
  return el("li", { class: "credir-card" }, title,
    el("p", { class: "credir-card__provider", text: meta.provider || "" }),
    el("p", { class: "credir-card__summary", text: meta.summary || "" }),
    chips, compare);
}

function foldedGroup(name, onShow) {
  // A filter whose values are not loaded yet: one button loads them.
  const fieldset = el("fieldset", { class: "credir-facet credir-facet--folded", "data-filter": name });
  fieldset.append(el("legend", { text: FILTER_LABELS[name] }));
  const show = el("button", {
    type: "button", class: "credir-facet__show", "aria-expanded": "false",
    text: `Show ${FILTER_LABELS[name].toLowerCase()} options`,
  });
  show.addEventListener("click", () => onShow(name));
  fieldset.append(show);
  return fieldset;
}

function filterGroup(name, counts, state, onChange) {
  const selected = new Set(state.filters[name] || []);
  const values = Object.keys(counts || {}).sort((a, b) => a.localeCompare(b));
  const fieldset = el("fieldset", { class: "credir-facet", "data-filter": name });
  fieldset.append(el("legend", { text: FILTER_LABELS[name] }));
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

async function start() {
  const form = root.querySelector("form");
  const input = root.querySelector("input[name=q]");
  const status = root.querySelector(".credir-search__status");
  const list = root.querySelector(".credir-search__results");
  const facets = el("div", { class: "credir-facets", "aria-label": "Filters", role: "group" });
  // On a phone the filters start folded so the results stay in view.
  const facetBox = el("details", { class: "credir-facets-box", open: !matchMedia("(max-width: 40em)").matches },
    el("summary", { text: "Filters" }), facets);
  const sort = el("select", { id: "credir-sort", name: "sort" });
  for (const [value, label] of Object.entries(SORTS)) sort.append(el("option", { value, text: label }));
  const sortRow = el("p", { class: "credir-sort" }, el("label", { for: "credir-sort", text: "Sort by " }), sort);
  const more = el("button", { type: "button", class: "md-button credir-more", hidden: true, text: "Show more results" });
  list.before(sortRow);
  list.after(more);
  form.after(facetBox);

  let state = readState();
  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    status.textContent = "Search could not load. Browse all credentials instead.";
    return;
  }
  let run = 0;

  async function render() {
    const mine = ++run;
    input.value = state.q;
    sort.value = SORTS[state.sort] ? state.sort : "";
    const options = { filters: pagefindFilters(state) };
    const search = await pagefind.search(state.q.trim() || null, options);
    if (mine !== run) return;
    const results = SORTS[state.sort] && state.sort ? await sortResults(search.results, state.sort) : search.results;
    if (mine !== run) return;
    const total = results.length;
    const datas = await Promise.all(results.slice(0, state.shown).map((r) => r.data()));
    if (mine !== run) return;
    list.replaceChildren(...datas.map(card));
    status.textContent = total === 0 ? "No credentials match." :
      `${total} credential${total === 1 ? "" : "s"} found${state.q ? ` for “${state.q}”` : ""}.`;
    more.hidden = total <= state.shown;
    const counts = search.filters || {};
    const groups = Object.keys(FILTER_LABELS).map((name) => {
      if (!(name in counts) && !state.filters[name]) return foldedGroup(name, showFilter);
      // Keep selected values visible even when their count is zero.
      const merged = { ...(counts[name] || {}) };
      for (const value of state.filters[name] || []) if (!(value in merged)) merged[value] = 0;
      if (name === "status") for (const value of Object.keys(search.totalFilters?.status || {})) if (!(value in merged)) merged[value] = 0;
      return filterGroup(name, merged, state, onFilter);
    }).filter(Boolean);
    const focused = focusedFilter();
    facets.replaceChildren(...groups);
    if (focused) refocus(focused);
    document.dispatchEvent(new CustomEvent("credir:results"));
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
    const values = new Set(state.filters[name] || []);
    if (checked) values.add(value); else values.delete(value);
    if (values.size) state.filters[name] = [...values]; else delete state.filters[name];
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
    state.shown = PAGE;
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
