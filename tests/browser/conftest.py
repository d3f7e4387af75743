"""One JupyterLab server and one Chromium for the whole browser-test session."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chromium import CHROMIUM_ARGS

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Skip every browser test, saying how to enable them, when Chromium or playwright is absent."""
    reason = lab.missing_requirement()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def lab_server(browser_requirements: None) -> Iterator[lab.LabServer]:
    """JupyterLab serving throwaway copies of notebooks/ and the fixtures, stopped at the end."""
    with tempfile.TemporaryDirectory(prefix="s400-lab-", ignore_cleanup_errors=True) as tmp:
        home = Path(tmp)
        _copy_notebooks(home / "root")
        server = lab.start_lab(home)
        try:
            yield server
        finally:
            server.stop()


def _copy_notebooks(root: Path) -> None:
    # Copies, so running and autosaving in the browser never touch the repository.
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    lessons = lab.REPO / "notebooks"
    if lessons.is_dir():
        shutil.copytree(lessons, root / "notebooks", ignore=skip)
    shutil.copytree(lab.FIXTURES, root / "fixtures", ignore=skip)


@pytest.fixture(scope="session")
def chromium(browser_requirements: None) -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=lab.chromium_executable(), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab_context(chromium: Browser) -> Iterator[BrowserContext]:
    """One browser context for the session, so pages share the HTTP cache of Lab's bundles."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def lab_page(lab_context: BrowserContext, lab_server: lab.LabServer) -> Iterator[lab.LabPage]:
    """A new page; closed, and its kernel shut down, afterwards."""
    page = lab_context.new_page()
    try:
        yield lab.LabPage(page, lab_server)
    finally:
        page.close()
        lab_server.shutdown_sessions()
