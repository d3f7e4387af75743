"""How the browser tests start Debian's Chromium: one definition for JupyterLab and the decks."""

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium reaches for Google's hosts at start-up,
# which this offline machine refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
