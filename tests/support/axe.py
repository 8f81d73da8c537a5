"""axe-core in a real browser: the WCAG 2.2 AA checks every accessibility test runs."""

from __future__ import annotations

from support import REPO_ROOT

AXE = REPO_ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 level A and AA (target-size is wcag22aa), and the one best-practice rule the issue
# names: two landmarks of the same role need different names to tell them apart.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "rules": {"landmark-unique": {"enabled": True}},
    "resultTypes": ["violations"],
}
# Playwright's colour scheme, and the Material scheme the page must then show.
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = {"desktop": 1280, "phone": 375}


def violations(page, within: str | None = None) -> list[str]:
    """axe's WCAG 2.2 AA findings on the page (or on the elements ``within`` selects)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "([within, options]) => axe.run(within || document, options)", [within, AXE_OPTIONS]
    )["violations"]
    lines = []
    for violation in found:
        for node in violation["nodes"][:5]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {summary}")
    return lines


def context_for(browser, scheme: str, width: str):
    # axe is injected as an inline script, which the site's CSP rightly refuses.
    return browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900},
        is_mobile=width == "phone",
        has_touch=width == "phone",
        color_scheme=scheme,
        bypass_csp=True,
    )
