"""Shared fixtures: the shipped data (guarded against changes), a scratch copy, the article."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from textmatch import read_article

from s400_lesson import load_all

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "lesson_data"
ARTICLE = REPO.parent / "shared" / "source" / "article.txt"


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def data_files_unchanged() -> Iterator[None]:
    """Fail the session if running the tests changed, added or removed a file in lesson_data/."""
    before = _checksums(DATA)
    yield
    after = _checksums(DATA)
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    if changed:
        pytest.fail(f"lesson_data/ was modified during the test session: {', '.join(changed)}")


@pytest.fixture(scope="session")
def lesson_data_dir() -> Path:
    """The repository's lesson_data/ folder (read it, never write to it)."""
    return DATA


@pytest.fixture(scope="session")
def datasets() -> dict[str, pd.DataFrame]:
    """Every shipped dataset, loaded once through the package's loader."""
    return load_all(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of lesson_data/ to corrupt; returns its path."""
    return Path(shutil.copytree(DATA, tmp_path / "lesson_data"))


@pytest.fixture(scope="session")
def article_text() -> str:
    """The source article; skips the test when it is absent (fails instead when CI is set)."""
    return read_article(ARTICLE)
