// The site's words in the page's language. t("...") and tn("...", "...", count) look a string
// up in the translations the page carries: JSON data blocks (script.credir-messages) that
// generator/render writes for exactly the strings of the scripts on the page, in the
// language it renders. A string without a translation stays as written here, in English,
// so an English page carries none. Placeholders are named, as in the Python code:
// tn("%(num)s result", "%(num)s results", 3).
let catalogue = null;

function messages() {
  if (catalogue) return catalogue;
  catalogue = { lang: "en", messages: {} };
  for (const node of document.querySelectorAll('script[type="application/json"].credir-messages')) {
    try {
      const data = JSON.parse(node.textContent);
      catalogue.lang = data.lang || catalogue.lang;
      Object.assign(catalogue.messages, data.messages || {});
    } catch {
      /* an unreadable block: its strings stay in English */
    }
  }
  return catalogue;
}

// The language the page's words are in (a BCP 47 tag: "en", "de", "nb").
export function language() {
  return messages().lang;
}

function fill(text, values) {
  return text.replace(/%\((\w+)\)[sd]/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function t(message, values = {}) {
  const found = messages().messages[message];
  return fill(typeof found === "string" ? found : message, values);
}

// The form for `count`, by the language's plural rules (Ukrainian has three forms); a fraction
// takes the form of 2, as generator/render/i18n.py has it. `num` is the count unless given.
export function tn(singular, plural, count, values = {}) {
  const { lang, messages: found } = messages();
  const n = Number.isInteger(count) ? count : 2;
  const forms = found[singular];
  let text = n === 1 ? singular : plural;
  if (forms && typeof forms === "object") {
    text = forms[new Intl.PluralRules(lang).select(n)] ?? forms.other ?? text;
  }
  return fill(text, { num: count, ...values });
}

// A translated sentence with elements in it: the text around each %(name)s of `nodes`, and
// the node in its place, to append to an element ("Read …; [search the words instead].").
export function place(text, nodes) {
  return text.split(/(%\(\w+\)s)/).map((part) => {
    const name = /^%\((\w+)\)s$/.exec(part)?.[1];
    return name && name in nodes ? nodes[name] : part;
  }).filter((part) => part !== "");
}
