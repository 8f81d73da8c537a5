"""Headless Chromium as the browser tests and the benchmark start it: Debian's chromium,
driven by Playwright (never `playwright install`, which cannot download here)."""

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google's hosts at every
# start, and this machine's closed network refuses them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
