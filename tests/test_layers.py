"""The package's folders are its layers, and imports run downwards only.

data < drawing < widgets | exercises < teacher: a module may import its own layer and those
below it; widgets and exercises are siblings and never import each other. The package's face
(``__init__``) and the command line (``__main__``) stand above every layer. The rule is read
from the source's import statements, so a new module is held to it without being listed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "s400_lesson"
NAME = "s400_lesson"
LAYERS = {"data": 0, "drawing": 1, "widgets": 2, "exercises": 2, "teacher": 3}
TOP = 4  # s400_lesson/__init__.py and __main__.py: the face and the command line


def layer_of(module: str) -> str | None:
    """The layer (first subpackage) of a dotted module name inside the package, else None."""
    parts = module.split(".")
    if parts[0] != NAME:
        return None
    if len(parts) == 1 or parts[1] in ("__init__", "__main__"):
        return "<top>"
    return parts[1]


def rank(layer: str) -> int:
    return TOP if layer == "<top>" else LAYERS[layer]


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in ``source``, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from pkg import sub` imports pkg.sub when sub is a module
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def violations(root: Path) -> list[str]:
    """Every import in the package under ``root`` that runs upwards or sideways."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        own = layer_of(module)
        if own is None or own == "<top>":
            continue
        seen: set[int] = set()  # one problem per import statement
        for line, target in imported_modules(
            path.read_text(encoding="utf-8"), module, path.name == "__init__.py"
        ):
            other = layer_of(target)
            if line in seen:
                continue
            if other is None or other == own:
                continue
            if other != "<top>" and other not in LAYERS:
                continue  # `from pkg import name` where name is no subpackage
            if rank(other) > rank(own) or (rank(other) == rank(own) and other != own):
                rel = path.relative_to(root.parent)
                problems.append(f"{rel}:{line}: layer {own!r} imports {target} (layer {other!r})")
                seen.add(line)
    return problems


def test_every_subpackage_is_a_known_layer() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(LAYERS), "a new subpackage needs its place in LAYERS"


def test_no_module_is_left_outside_a_layer() -> None:
    loose = {p.name for p in PACKAGE.glob("*.py")}
    assert loose == {"__init__.py", "__main__.py"}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_says_what_it_holds_and_may_import(layer: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
    assert doc and "import" in doc.lower(), (
        f"{layer}/__init__.py needs a docstring naming its imports"
    )


def test_imports_run_downwards_only() -> None:
    assert violations(PACKAGE) == []


def _copy_package(tmp_path: Path) -> Path:
    root = tmp_path / NAME
    for path in PACKAGE.rglob("*.py"):
        dest = root / path.relative_to(PACKAGE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("data/loaders.py", "from ..drawing.style import Chart"),  # upward, relative
        ("drawing/tables.py", "from s400_lesson.widgets import explorer"),  # upward, absolute
        ("widgets/explorer.py", "from ..exercises import check"),  # sideways
        ("exercises/checklist.py", "import s400_lesson.teacher.slides"),  # upward, plain import
        ("data/lessons.py", "from s400_lesson import check"),  # the face, from below
    ],
)
def test_the_rule_fails_on_an_upward_or_sideways_import(
    tmp_path: Path, module: str, line: str
) -> None:
    root = _copy_package(tmp_path)
    target = root / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    found = violations(root)
    assert len(found) == 1 and found[0].startswith(f"{NAME}/{module}:"), found
