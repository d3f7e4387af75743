"""Harness for the JupyterLab browser tests: a throwaway server and helpers for its pages."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
JUPYTER_CONFIG = REPO / "jupyter-config"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = REPO / "build" / "screenshots" / "lab"

SKIP_REASON = (
    "install Debian's chromium (apt-get install chromium) and the dev requirements "
    "to run the browser tests"
)

# User settings the server starts with. windowingMode "none" keeps every cell in the DOM, so
# the checks see all outputs and a screenshot can show the whole notebook; the rest keeps
# JupyterLab from reaching for the network (news feed, update check, PyPI extension manager).
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


def chromium_executable() -> str | None:
    """Path of the system Chromium, or None when it is not installed."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here (a skip message), or None if they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return f"playwright is not installed: {SKIP_REASON}"
    if chromium_executable() is None:
        return f"Chromium is not installed: {SKIP_REASON}"
    return None


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab, its token and its private directories."""

    proc: subprocess.Popen[bytes]
    port: int
    token: str
    home: Path

    @property
    def root(self) -> Path:
        return self.home / "root"

    @property
    def log(self) -> Path:
        return self.home / "server.log"

    def url(self, path: str, *, reset: bool = False) -> str:
        """Absolute URL of a server path, with the token (and ?reset for a clean workspace)."""
        query = ("reset&" if reset else "") + f"token={self.token}"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}?{query}"

    def api(self, path: str, method: str = "GET", timeout: float = 10) -> Any:
        """Call the REST API with the token; returns the decoded JSON body (or None)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server log, for error messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def kernels_idle(self) -> bool:
        """True when every kernel the server runs reports idle (and none is starting)."""
        return all(k["execution_state"] == "idle" for k in self.api("kernels"))

    def shutdown_sessions(self) -> None:
        """Shut down every notebook session (and its kernel), so kernels do not pile up."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def stop(self, timeout: float = 20) -> None:
        """Shut the server (and so its kernels) down; escalate to signals if it lingers."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.api("shutdown", method="POST", timeout=5)
            _wait_or_signal(self.proc, timeout, [signal.SIGTERM, signal.SIGKILL])
        # Kernels run in their own sessions, so the group kill above cannot reach them; any
        # process still naming our private runtime dir is one of ours.
        kill_processes_mentioning(str(self.home))


def _wait_or_signal(proc: subprocess.Popen[bytes], timeout: float, signals: list[int]) -> None:
    for sig in [None, *signals]:
        if sig is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
            return
        except subprocess.TimeoutExpired:
            continue


def kill_processes_mentioning(text: str) -> list[int]:
    """SIGKILL every process whose command line contains text; returns their pids."""
    killed = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            pid = int(cmdline.parent.name)
            if pid != os.getpid() and text in cmdline.read_bytes().decode(errors="replace"):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
    return killed


def _checkout_config(home: Path) -> None:
    """This checkout's jupyter-config/ where the server looks first, as pip installs it.

    The lab extension goes on JUPYTER_PATH (home/share/labextensions, searched before the
    environment's copy) and the settings overrides into the app settings folder the server is
    given (home/app-settings), so the tests see the files as they are in the checkout, not the
    copies the last `pip install -e .` made.
    """
    extensions = home / "share" / "labextensions"
    extensions.mkdir(parents=True, exist_ok=True)
    for extension in (JUPYTER_CONFIG / "labextensions").iterdir():
        (extensions / extension.name).symlink_to(extension, target_is_directory=True)
    overrides = home / "app-settings" / "overrides.d"
    overrides.mkdir(parents=True, exist_ok=True)
    for override in (JUPYTER_CONFIG / "lab" / "settings" / "overrides.d").glob("*.json"):
        shutil.copy(override, overrides / override.name)


def _lab_env(home: Path) -> dict[str, str]:
    """Environment that isolates Jupyter's config, data, runtime, settings and workspaces."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env["JUPYTER_PATH"] = str(home / "share")
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _write_settings(settings_dir: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def lab_command(home: Path, port: int, token: str) -> list[str]:
    """The `jupyter lab` command line: same interpreter, local only, token required."""
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={home / 'root'}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        f"--LabApp.app_settings_dir={home / 'app-settings'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # jupyter refuses to run as root without it
    return cmd


def start_lab(home: Path, timeout: float = 90) -> LabServer:
    """Start JupyterLab serving home/root and wait until /api/status answers with the token."""
    env = _lab_env(home)
    _checkout_config(home)
    (home / "root").mkdir(exist_ok=True)
    _write_settings(home / "settings")
    port, token = free_port(), secrets.token_hex(24)
    with (home / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            lab_command(home, port, token),
            cwd=home / "root",
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() can signal all of it
        )
    server = LabServer(proc=proc, port=port, token=token, home=home)
    try:
        _wait_ready(server, timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: LabServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{server.log_tail()}")
        with contextlib.suppress(OSError, urllib.error.URLError, ValueError):
            if "started" in server.api("status", timeout=2):
                return
        time.sleep(0.3)
    raise TimeoutError(f"jupyter lab did not answer in {timeout} s:\n{server.log_tail()}")


def fresh_copy(server: LabServer, rel_path: str, tag: str) -> str:
    """A copy of a served notebook beside it, <stem>-<tag>.ipynb, as the file shipped.

    For a test that saves (the widgets' state goes into the file): the lesson itself stays as
    shipped for the tests after it.
    """
    source = server.root / rel_path
    copy = source.with_name(f"{source.stem}-{tag}{source.suffix}")
    shutil.copyfile(source, copy)
    return str(copy.relative_to(server.root))


# --- notebook pages -----------------------------------------------------------------------

# A cell's error output renders as stderr text; "Traceback" or IPython's "Cell In[" location
# line tells it from a warning (a SyntaxError has the second but not the first).
_CELL_ERRORS_JS = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.innerText).filter(t => t.includes('Traceback') || t.includes('Cell In['))"""
_WIDGET_ERRORS_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .map(e => e.innerText)
  .filter(t => /Error displaying widget|Model not found|Failed to (load|create) (model|view)/i
               .test(t))"""
# A widget output shows only "Loading widget..." until the widget manager has its model or,
# once it has restored the kernel's widget state, gives up with "Error displaying widget".
_PENDING_WIDGETS_JS = """() => [...document.querySelectorAll(
    '.jp-OutputArea-output:not([data-mime-type])')]
  .filter(e => e.childElementCount === 0 && /^(Loading widget\\.\\.\\.)?$/.test(e.innerText.trim()))
  .length"""
_PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
  .map(e => e.innerText.trim())"""
# Done when the kernel is idle and every code cell has a number, or an error stopped Run All.
_RUN_DONE_JS = """(nCode) => {
  const prompts = (PROMPTS)();
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  if (prompts.some(p => p.includes('*')) || indicator?.dataset.status !== 'idle') return false;
  return (prompts.length === nCode && prompts.every(p => /\\[\\d+\\]/.test(p)))
    || (ERRORS)().length > 0;
}""".replace("PROMPTS", _PROMPTS_JS).replace("ERRORS", _CELL_ERRORS_JS)


class LabPage:
    """One browser page showing one notebook, plus what it logged."""

    def __init__(self, page: Page, server: LabServer) -> None:
        self.page = page
        self.server = server
        self.page_errors: list[str] = []
        self.outside_requests: list[str] = []  # anything not to our server: nothing may call out
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", self._note_request)

    def _note_request(self, request: Any) -> None:
        url = urlsplit(request.url)  # data: and blob: URLs stay in the page
        if url.scheme in ("http", "https") and url.netloc != f"127.0.0.1:{self.server.port}":
            self.outside_requests.append(request.url)

    def open(self, rel_path: str, timeout: float = 90) -> None:
        """Open a notebook in a fresh workspace and wait for its kernel."""
        self.page.goto(self.server.url(f"lab/tree/{quote(rel_path)}", reset=True))
        self.page.locator(".jp-NotebookPanel").first.wait_for(timeout=timeout * 1000)
        self._hide_left_sidebar()
        self.wait_kernel_idle(timeout)

    def _hide_left_sidebar(self) -> None:
        # The file browser opens with a fresh workspace; the notebook gets its width instead.
        self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()

    def wait_kernel_idle(self, timeout: float = 60) -> None:
        """Wait until the notebook shows a started, idle kernel (and the server agrees)."""
        self.page.wait_for_function(
            """() => !['', 'No Kernel'].includes(
                   document.querySelector('.jp-Toolbar-kernelName')?.innerText.trim() ?? '')
                 && document.querySelector('.jp-Notebook-ExecutionIndicator')
                      ?.dataset.status === 'idle'""",
            timeout=timeout * 1000,
        )
        wait_until(self.server.kernels_idle, timeout, "the kernel to be idle")

    def menu(self, title: str, command: str) -> None:
        """Click a main-menu item, e.g. menu("Run", "runmenu:run-all") for Run All Cells."""
        self.page.locator(
            "#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(f"^{title}$")
        ).click()
        self.page.locator(f'.lm-Menu-item[data-command="{command}"]').click()

    def run_all(self, n_code_cells: int, timeout: float = 180) -> None:
        """Run > Run All Cells, then wait until the run finished or stopped at an error."""
        # Cleared first, so execution counts saved in the file cannot pass for a finished run.
        self.menu("Edit", "editmenu:clear-all")
        self.page.wait_for_function(f"() => ({_PROMPTS_JS})().every(p => p === '[ ]:')")
        self.menu("Run", "runmenu:run-all")
        self.page.wait_for_function(_RUN_DONE_JS, arg=n_code_cells, timeout=timeout * 1000)
        wait_until(self.server.kernels_idle, timeout, "the kernel to be idle after Run All")
        # Any widget still loading after this is reported by widget_errors().
        try_wait(self.page, f"() => ({_PENDING_WIDGETS_JS})() === 0", timeout=30)

    def prompts(self) -> list[str]:
        """The input prompts of the code cells, e.g. '[3]:' or '[ ]:'."""
        return self.page.evaluate(_PROMPTS_JS)

    def cell_errors(self) -> list[str]:
        """Texts of error outputs (tracebacks) shown in cells."""
        return self.page.evaluate(_CELL_ERRORS_JS)

    def widget_errors(self) -> list[str]:
        """Texts of widget outputs that failed to render, and a line per one never rendered."""
        pending = self.page.evaluate(_PENDING_WIDGETS_JS)
        return self.page.evaluate(_WIDGET_ERRORS_JS) + ["widget still loading after 30 s"] * pending

    def screenshot(self, path: Path, max_height: int = 12000) -> list[Path]:
        """Screenshot the whole notebook: a tall viewport, then more shots if it is taller still.

        Returns the files written: path, then path-2.png, path-3.png... for the rest.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        scroller = self.page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
        # Run All leaves the last cell in view; the shots start from the top.
        extra = scroller.evaluate(
            "s => { s.scrollTop = 0; return s.scrollHeight - s.clientHeight; }"
        )
        size = self.page.viewport_size or {"width": 1400, "height": 1000}
        height = min(size["height"] + max(extra, 0), max_height)
        self.page.set_viewport_size({"width": size["width"], "height": height})
        self.page.wait_for_timeout(500)  # let Lumino relayout and images settle
        shots = [path]
        self.page.screenshot(path=path)
        while scroller.evaluate(_SCROLL_ON_JS):
            shots.append(path.with_name(f"{path.stem}-{len(shots) + 1}{path.suffix}"))
            self.page.wait_for_timeout(300)
            self.page.screenshot(path=shots[-1])
        return shots


# Scrolls a notebook on by a screen (less a margin, for context); false at the end.
_SCROLL_ON_JS = """s => { const before = s.scrollTop; s.scrollTop += s.clientHeight - 50;
                          return s.scrollTop > before; }"""


def try_wait(page: Page, js: str, arg: Any = None, timeout: float = 30) -> bool:
    """page.wait_for_function, but False instead of an exception when it times out."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # absent: tests skip

    try:
        page.wait_for_function(js, arg=arg, timeout=timeout * 1000)
    except PlaywrightTimeout:
        return False
    return True


def wait_until(predicate: Any, timeout: float, what: str, interval: float = 0.2) -> None:
    """Poll predicate() until it is true; TimeoutError naming what we waited for otherwise."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


# --- widgets ------------------------------------------------------------------------------
# Selectors name the element ipywidgets' add_class marks (the widget's outer element); the
# helpers then reach the <select>, <table> or <img> inside it, or the element itself.

_IMG_JS = """(css) => { const e = document.querySelector(css);
  const img = e && (e.matches('img') ? e : e.querySelector('img'));
  return img ? {src: img.getAttribute('src') ?? '', alt: img.getAttribute('alt') ?? ''} : null; }"""
_TABLE_JS = """([css, header]) => { const e = document.querySelector(css);
  const table = e && (e.matches('table') ? e : e.querySelector('table'));
  if (!table) return {rows: 0, column: []};
  const rows = [...table.querySelectorAll('tbody tr')];
  let index = -1;
  for (const tr of table.querySelectorAll('thead tr')) {
    index = [...tr.cells].findIndex(c => c.innerText.trim() === header);
    if (index >= 0) break;
  }
  const column = index < 0 ? null : rows.map(r => r.cells[index]?.innerText.trim() ?? '');
  const lines = (cell) => { const range = document.createRange(); range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(b => Math.round(b.top))).size; };
  const heights = index < 0 ? null : rows.map(r => r.cells[index] ? lines(r.cells[index]) : 0);
  return {rows: rows.length, column, lines: heights}; }"""
# Counts DOM changes under a root, so a test can wait for the kernel's answer to an action.
_WATCH_JS = """(css) => { window.__s400Watch?.observer.disconnect();
  const w = {changes: 0, last: 0};
  w.observer = new MutationObserver(() => { w.changes++; w.last = performance.now(); });
  w.observer.observe(document.querySelector(css),
                     {subtree: true, childList: true, attributes: true, characterData: true});
  window.__s400Watch = w; }"""
_QUIET_JS = """(quietMs) => { const w = window.__s400Watch;
  return w.changes > 0 && performance.now() - w.last > quietMs; }"""


def image(page: Page, css: str) -> dict[str, str] | None:
    """src and alt of the <img> that is, or is inside, the first element matching css."""
    return page.evaluate(_IMG_JS, css)


def wait_image_change(page: Page, css: str, old_src: str, timeout: float = 30) -> dict[str, str]:
    """Wait until the image's src differs from old_src; returns the new src and alt."""
    page.wait_for_function(
        "([css, old]) => { const i = (IMG)(css); return i !== null && i.src !== old; }".replace(
            "IMG", _IMG_JS
        ),
        arg=[css, old_src],
        timeout=timeout * 1000,
    )
    new = image(page, css)
    assert new is not None
    return new


def table_column(page: Page, css: str, header: str) -> tuple[int, list[str] | None]:
    """Number of body rows of the table at css, and the texts of the column named header
    (None when no such column); (0, []) when there is no table at all."""
    found = page.evaluate(_TABLE_JS, [css, header])
    return found["rows"], found["column"]


def column_lines(page: Page, css: str, header: str) -> list[int] | None:
    """How many lines of text each cell of the column named header wraps to, as drawn."""
    return page.evaluate(_TABLE_JS, [css, header])["lines"]


def option_values(page: Page, css: str) -> list[str]:
    """The values of a Dropdown's options (its labels; the visible text has &nbsp; for spaces)."""
    return page.locator(f"{css} select option").evaluate_all("os => os.map(o => o.value)")


def selected_value(page: Page, css: str) -> str:
    """The value currently chosen in a Dropdown."""
    return page.locator(f"{css} select").first.input_value()


def text_of(page: Page, css: str) -> str:
    """Visible text of the first element matching css ('' if there is none)."""
    loc = page.locator(css).first
    return loc.inner_text() if loc.count() else ""


def is_shown(page: Page, css: str) -> bool:
    """Whether any element matching css is visible."""
    loc = page.locator(css)
    return any(loc.nth(i).is_visible() for i in range(loc.count()))


def after_update(lp: LabPage, root_css: str, action: Any, timeout: float = 30) -> bool:
    """Do action() and wait until the widgets under root_css have taken the kernel's answer.

    Returns False if nothing under root_css changed within a few seconds (a no-op choice).
    """
    page = lp.page
    page.evaluate(_WATCH_JS, root_css)
    action()
    if not try_wait(page, _QUIET_JS, arg=300, timeout=5):
        return False
    wait_until(lp.server.kernels_idle, timeout, "the kernel to finish the widget update")
    page.wait_for_function(_QUIET_JS, arg=300, timeout=timeout * 1000)
    return True


def choose(lp: LabPage, root_css: str, dropdown_css: str, value: str) -> bool:
    """Pick value in a Dropdown as a student would and wait for the widgets to update.

    Returns False without doing anything if value is already chosen.
    """
    select = lp.page.locator(f"{dropdown_css} select").first
    if select.input_value() == value:
        return False
    return after_update(lp, root_css, lambda: select.select_option(value=value))


def slider_value(page: Page, css: str) -> int:
    """The value an IntSlider shows in its readout."""
    return int(page.locator(f"{css} .widget-readout").first.inner_text().strip())


def press_slider(lp: LabPage, root_css: str, slider_css: str, key: str) -> bool:
    """Focus a slider's handle and press a key (ArrowRight/ArrowLeft...), then wait."""
    handle = lp.page.locator(f"{slider_css} .noUi-handle").first
    handle.focus()
    return after_update(lp, root_css, lambda: handle.press(key))


# --- accessibility ------------------------------------------------------------------------

# axe-core, the accessibility engine browsers' own checkers build on, from npm (.ci/run installs
# it; nothing is fetched at test time). The version is pinned: a new axe adds rules.
AXE_VERSION = "4.14.1"
AXE_DIR = REPO / "build" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_INSTALL = f"npm install --prefix build/axe --no-save axe-core@{AXE_VERSION}"


def axe_missing() -> str | None:
    """Why axe-core cannot be used here (a skip message), or None if it can."""
    package = AXE_JS.parent / "package.json"
    if not AXE_JS.is_file() or not package.is_file():
        return f"axe-core is not installed: run `{AXE_INSTALL}` (.ci/run does)"
    version = json.loads(package.read_text()).get("version")
    if version != AXE_VERSION:
        return (
            f"axe-core {version} is installed, the tests are pinned to {AXE_VERSION}: {AXE_INSTALL}"
        )
    return None


# Only the notebook's outputs: JupyterLab's own interface is JupyterLab's to fix.
_AXE_RUN_JS = """async () => {
  const outputs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')];
  if (!outputs.length) return [];
  const result = await axe.run({include: outputs}, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.html.slice(0, 200))}));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations in the notebook's outputs: id, impact, help and the nodes."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))  # read from disk: served by the test itself
    return page.evaluate(_AXE_RUN_JS)


def output_images(page: Page) -> list[dict[str, str]]:
    """Every image in the notebook's outputs: its alt text (None if it has no alt attribute)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')]
          .map(i => ({alt: i.getAttribute('alt'),
                      src: (i.getAttribute('src') || '').slice(0, 40)}))"""
    )


def accessibility_tree(page: Page) -> list[dict[str, Any]]:
    """Chromium's own accessibility tree of the page (what a screen reader is given)."""
    cdp = page.context.new_cdp_session(page)
    try:
        return cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()


def _ax_property(node: dict[str, Any], name: str) -> Any:
    for prop in node.get("properties", []):
        if prop["name"] == name:
            return prop["value"].get("value")
    return None


def _ax_text(nodes: dict[str, dict[str, Any]], node: dict[str, Any]) -> str:
    """The text under an accessibility node, as its static-text leaves read."""
    if node.get("role", {}).get("value") in ("StaticText", "text"):
        return str(node.get("name", {}).get("value", ""))
    parts = [_ax_text(nodes, nodes[c]) for c in node.get("childIds", []) if c in nodes]
    return " ".join(p for p in parts if p)


def live_region_texts(page: Page) -> list[str]:
    """The text of every live region (aria-live polite or assertive) the page announces."""
    tree = accessibility_tree(page)
    nodes = {n["nodeId"]: n for n in tree}
    live = [n for n in tree if _ax_property(n, "live") in ("polite", "assertive")]
    # A live region's text, once: from its outermost live node.
    inner = {c for n in live for c in n.get("childIds", [])}
    return [
        re.sub(r"\s+", " ", _ax_text(nodes, n)).strip() for n in live if n["nodeId"] not in inner
    ]


def focused_node(page: Page) -> dict[str, str]:
    """Role and accessible name of the focused element, from Chromium's accessibility tree."""
    # The page itself counts as focused too: the element is the innermost focused node.
    focused = [n for n in accessibility_tree(page) if _ax_property(n, "focused")]
    node = focused[-1] if focused else {}
    return {
        "role": str(node.get("role", {}).get("value", "")),
        "name": str(node.get("name", {}).get("value", "")),
    }
