"""Where the lessons are: the project root and its notebooks, for every build a teacher runs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# A student's own copy of the lessons, at the project root (.gitignore lists it): see
# student_copy.py.
COPY_FOLDER = "my_lessons"


def find_notebooks(folder: Path, names: Sequence[str] = ()) -> list[Path]:
    """The notebooks in ``folder`` (sorted), or only those named (with or without .ipynb)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebooks folder {folder}")
    found = {path.stem: path for path in sorted(folder.glob("*.ipynb"))}
    if not names:
        return list(found.values())
    wanted = [name.removesuffix(".ipynb") for name in names]
    if unknown := [name for name in wanted if name not in found]:
        raise ValueError(f"no notebook {', '.join(unknown)} in {folder} (have: {', '.join(found)})")
    return [found[name] for name in wanted]


def project_root(start: Path | None = None) -> Path:
    """The nearest of ``start`` (default: the current directory) and its parents
    that has a ``notebooks/`` folder; failing that, the checkout this package was
    installed from (an editable install, as requirements.txt makes), so a teacher
    can build from any folder; else ``start``. The CLI's defaults are
    ``<root>/notebooks`` and ``<root>/build/slides``."""
    start = Path.cwd() if start is None else Path(start).resolve()
    checkout = Path(__file__).resolve().parents[2]  # s400_lesson/teacher/ -> the checkout
    candidates = (start, *start.parents, checkout)
    return next((d for d in candidates if (d / "notebooks").is_dir()), start)
