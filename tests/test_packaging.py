"""The wheel carries the data, and an installed package reads it from inside itself."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from s400_lesson import load_statements

REPO = Path(__file__).resolve().parent.parent
PROBE = (
    "import s400_lesson; print(s400_lesson.__file__); print(s400_lesson.data_dir()); "
    "print(len(s400_lesson.load_statements()))"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout, without network (the build backend must be installed)."""
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling (the build backend) is not installed: pip install hatchling")
    out = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    result = subprocess.run(
        [*build, "--quiet", "-w", str(out), str(REPO)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"wheel build failed:\n{result.stdout}\n{result.stderr}"
    (built,) = out.glob("s400_lesson-*.whl")
    return built


def test_wheel_carries_every_data_file(wheel: Path) -> None:
    """Each file of lesson_data/ is in the wheel under s400_lesson/lesson_data/, unchanged."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in sorted((REPO / "lesson_data").iterdir()):
            inside = f"s400_lesson/lesson_data/{path.name}"
            assert inside in names, f"{inside} is missing from {wheel.name}"
            assert archive.read(inside) == path.read_bytes(), f"{inside} differs"
    assert "s400_lesson/lesson_data/datapackage.json" in names
    assert len([n for n in names if n.startswith("s400_lesson/lesson_data/")]) >= 8


def test_unpacked_wheel_loads_its_own_data(wheel: Path, tmp_path: Path) -> None:
    """Run from elsewhere, the unpacked package finds the data inside itself, not the checkout."""
    unpacked, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    env = {k: v for k, v in os.environ.items() if k != "S400_LESSON_DATA"}
    env["PYTHONPATH"] = str(unpacked)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    module, data_dir, count = result.stdout.split("\n")[:3]
    assert Path(module).is_relative_to(unpacked)
    assert Path(data_dir).resolve() == (unpacked / "s400_lesson" / "lesson_data").resolve()
    assert int(count) == len(load_statements(REPO / "lesson_data"))
