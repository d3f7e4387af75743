"""The classroom kit: nbgitpuller links, the shipped hub and slideshow configurations, and a
smoke run of the hub benchmark (two students on a real JupyterHub)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from traitlets.config import Config, PyFileConfigLoader

from s400_lesson import __main__ as cli
from s400_lesson.teacher import classroom

REPO = Path(__file__).resolve().parents[1]
KIT = REPO / "classroom"
JUPYTER_CONFIG = REPO / "jupyter-config"
REPO_URL = "https://git.school.example/lessons/s400-lesson.git"
LESSON_FOLDER = "s400-lesson"  # the folder nbgitpuller clones REPO_URL into
UNIX_SOCKET_MAX = 107  # bytes in a Unix socket path (sun_path is 108 with the final NUL)


# --- the link builder ---------------------------------------------------------------------


def query(link: str) -> dict[str, str]:
    values = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values()), values
    return {k: v[0] for k, v in values.items()}


def test_link_opens_the_first_lesson_in_lab() -> None:
    link = classroom.gitpuller_link("https://hub.school.example", REPO_URL)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "hub.school.example")
    assert parts.path == "/hub/user-redirect/git-pull"
    assert query(link) == {
        "repo": REPO_URL,
        "branch": classroom.BRANCH,  # the students' branch: no teacher material
        "urlpath": f"lab/tree/{LESSON_FOLDER}/notebooks/00_start_here.ipynb",
    }
    assert (REPO / classroom.START_NOTEBOOK).is_file(), "the link opens a notebook that is gone"


def test_link_values_are_percent_encoded() -> None:
    """Slashes, colons and spaces in the values must not break the outer URL."""
    link = classroom.gitpuller_link(
        "https://hub.school.example", "https://git.school.example/history dept/s400.git", "term 2"
    )
    raw = urlsplit(link).query
    assert "repo=https%3A%2F%2Fgit.school.example%2Fhistory+dept%2Fs400.git" in raw
    assert "branch=term+2" in raw and "&" not in raw.replace("&", "", 2)
    assert query(link)["urlpath"] == "lab/tree/s400/notebooks/00_start_here.ipynb"
    assert query(link)["repo"] == "https://git.school.example/history dept/s400.git"


@pytest.mark.parametrize(
    ("hub", "base"),
    [
        ("https://school.example/jupyter/", "https://school.example/jupyter"),
        ("https://hub.school.example/hub/login", "https://hub.school.example"),
        ("https://hub.school.example/user/ana/lab/tree/x.ipynb", "https://hub.school.example"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
    ],
)
def test_link_keeps_the_hub_prefix_and_drops_page_paths(hub: str, base: str) -> None:
    assert classroom.gitpuller_link(hub, REPO_URL).startswith(f"{base}/hub/user-redirect/git-pull?")


BAD_HUBS = [
    "hub.school.example",  # no scheme
    "ftp://hub.school.example",
    "https://",
    "https://hub school.example",
    "https://hub.school.example:99999",
    "https://hub.school.example/?next=/x",
    "javascript:alert(1)",
    "",
]


@pytest.mark.parametrize("hub", BAD_HUBS)
def test_bad_hub_address_gets_one_clear_line(hub: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["link", "--hub", hub, "--repo", REPO_URL]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("s400-lesson link: hub address") and err.count("\n") == 1, err


def test_bad_repository_is_rejected() -> None:
    with pytest.raises(classroom.LinkError, match="repository"):
        classroom.gitpuller_link("https://hub.school.example", "github.com/x/y")


def test_link_command_prints_the_link_and_no_traceback() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "s400_lesson", "link", *args],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    good = run("--hub", "https://hub.school.example", "--repo", REPO_URL, "--branch", "main")
    assert good.returncode == 0, good.stderr
    hub = "https://hub.school.example"
    assert good.stdout.strip() == classroom.gitpuller_link(hub, REPO_URL, "main")
    bad = run("--hub", "hub.school.example", "--repo", REPO_URL)
    assert bad.returncode == 2 and bad.stdout == ""
    assert "Traceback" not in bad.stderr and "must start with https://" in bad.stderr


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def test_the_repository_defaults_to_the_checkouts_own_address(tmp_path: Path) -> None:
    """No address is guessed: the link uses the remote the lessons were cloned from."""
    git(tmp_path, "init", "-q")
    assert classroom.checkout_remote(tmp_path) is None
    git(tmp_path, "remote", "add", "origin", "/some/local/path")
    assert classroom.checkout_remote(tmp_path) == "/some/local/path"
    git(tmp_path, "remote", "set-url", "origin", REPO_URL)
    assert classroom.checkout_remote(tmp_path) == REPO_URL


@pytest.mark.parametrize(
    ("remote", "address"),
    [
        (REPO_URL, REPO_URL),
        ("git@github.com:school/s400-lesson.git", "https://github.com/school/s400-lesson.git"),
        ("ssh://git@gitlab.com/history/s400.git", "https://gitlab.com/history/s400.git"),
        ("ssh://git@git.school.example:2222/t/s400", "https://git.school.example/t/s400"),
        ("/some/local/path", None),
        ("file:///srv/git/s400.git", None),
        ("../s400-lesson", None),
        ("C:\\lessons\\s400", None),
    ],
)
def test_a_remote_becomes_an_address_a_hub_can_clone(remote: str, address: str | None) -> None:
    assert classroom.web_address(remote) == address


def test_an_ssh_remote_is_linked_by_its_https_address(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classroom, "checkout_remote", lambda f: "git@github.com:t/s400-lesson.git")
    monkeypatch.setattr(classroom, "has_branch", lambda folder, branch: True)
    assert cli.main(["link", "--hub", "https://hub.school.example"]) == 0
    out, err = capsys.readouterr()
    assert query(out.strip())["repo"] == "https://github.com/t/s400-lesson.git"
    assert err.count("\n") == 1 and "git@github.com:t/s400-lesson.git" in err


def test_a_remote_a_hub_cannot_clone_is_named_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classroom, "checkout_remote", lambda folder: "/srv/git/s400.git")
    assert cli.main(["link", "--hub", "https://hub.school.example"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("s400-lesson link: give --repo URL: this checkout's remote, /srv/git")
    assert "no remote" not in err


def test_without_a_repository_address_the_command_asks_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classroom, "checkout_remote", lambda folder: None)
    assert cli.main(["link", "--hub", "https://hub.school.example"]) == 2
    out, err = capsys.readouterr()
    assert (
        out == "" and err.startswith("s400-lesson link: give --repo URL") and err.count("\n") == 1
    )


# --- the shipped configurations -----------------------------------------------------------


def load_hub_config() -> Config:
    loader = PyFileConfigLoader("jupyterhub_config.py", path=str(KIT))
    return loader.load_config()


def test_hub_config_runs_kernels_over_ipc_with_short_socket_paths() -> None:
    compile((KIT / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec")
    c = load_hub_config()
    assert "--KernelManager.transport=ipc" in c.Spawner.args
    runtime_dir = c.Spawner.environment["JUPYTER_RUNTIME_DIR"]
    # The longest home TLJH makes: /home/jupyter- and a 32-character user name.
    name = "s" * 32
    spawner = SimpleNamespace(user=SimpleNamespace(name=name), home_dir=f"/home/jupyter-{name}")
    folder = runtime_dir(spawner)
    assert folder.startswith(spawner.home_dir), folder
    # jupyter_server names a kernel's sockets <runtime>/kernel-<uuid>-ipc-<n>.
    socket_path = f"{folder}/kernel-{'0' * 8}-{'0' * 4}-{'0' * 4}-{'0' * 4}-{'0' * 12}-ipc-99999"
    assert len(socket_path.encode()) <= UNIX_SOCKET_MAX, socket_path


def test_hub_config_for_an_unknown_account_leaves_jupyters_default() -> None:
    runtime_dir = load_hub_config().Spawner.environment["JUPYTER_RUNTIME_DIR"]
    nobody = SimpleNamespace(user=SimpleNamespace(name="no-such-student-xyz"))
    assert runtime_dir(nobody) == ""


def test_z2jh_values_parse_and_carry_the_kernel_fix() -> None:
    values = yaml.safe_load((KIT / "z2jh-values.yaml").read_text())
    single = values["singleuser"]
    assert "--KernelManager.transport=ipc" in single["cmd"]
    assert single["extraEnv"]["JUPYTER_RUNTIME_DIR"].startswith("/")
    assert single["memory"]["limit"] and single["memory"]["guarantee"]
    assert "config" in values["hub"]
    assert "Authenticator" not in values["hub"]["config"], "a shipped file must not let anyone in"


def rise_schema() -> dict:
    found = list(
        Path(sys.prefix).glob("share/jupyter/labextensions/jupyterlab-rise/schemas/*/plugin.json")
    )
    if not found:
        pytest.fail("jupyterlab-rise is not installed: pip install -r requirements.txt")
    return json.loads(found[0].read_text())


def test_slideshow_settings_are_valid_rise_settings() -> None:
    settings = json.loads(
        (JUPYTER_CONFIG / "lab/settings/overrides.d/s400-lesson.json").read_text()
    )["jupyterlab-rise:plugin"]
    properties = rise_schema()["properties"]
    assert set(settings) <= set(properties), set(settings) - set(properties)
    assert settings["theme"] in properties["theme"]["enum"]
    # "simple" (RISE's default) and some others import Google Fonts: no internet in class.
    assert settings["theme"] not in {"simple", "league", "sky", "beige", "serif", "night"}


def test_slideshow_files_are_installed_with_the_package() -> None:
    """pip install (editable or not) puts the settings and the shim where JupyterLab looks."""
    share = Path(sys.prefix) / "share" / "jupyter"
    for shipped, installed in [
        ("lab/settings/overrides.d/s400-lesson.json", "lab/settings/overrides.d/s400-lesson.json"),
        (
            "labextensions/s400-live-slides/package.json",
            "labextensions/s400-live-slides/package.json",
        ),
    ]:
        target = share / installed
        assert target.is_file(), f"{target} missing: reinstall with pip install -e ."
        assert target.read_bytes() == (JUPYTER_CONFIG / shipped).read_bytes()


# --- the hub benchmark, smoke run ---------------------------------------------------------

HUB_BENCH = REPO / "benchmarks" / "hub.py"
PROXY = REPO / "build" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


def marked_processes(marker: str) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


@pytest.mark.slow
def test_hub_benchmark_two_students(tmp_path: Path) -> None:
    """Two students log in to a real hub and run lesson 02; nothing is left running."""
    if not PROXY.exists() and not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("the hub benchmark needs Node.js and npm for JupyterHub's proxy "
                    "(apt-get install nodejs npm)")  # fmt: skip
    out = tmp_path / "hub.json"
    done = subprocess.run(
        [sys.executable, str(HUB_BENCH), "--students", "2", "--timeout", "150", "--json", str(out)],
        capture_output=True, text=True, timeout=400,
    )  # fmt: skip
    if done.returncode == 3:
        pytest.skip(done.stdout.strip())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (result,) = json.loads(out.read_text())
    assert result["failures"] == 0, result["failure_reasons"]
    assert result["kernel_transports"] == ["ipc"], "the shipped IPC setting did not take effect"
    assert 30 < result["student_mib_median"] < 1024, result
    assert result["lesson_worst_s"] > 0 and result["login_worst_s"] > 0
    markers = [line.split()[-4] for line in done.stdout.splitlines() if "carry" in line]
    assert markers, done.stdout
    for marker in markers:
        assert not marked_processes(marker), f"processes left running after the benchmark: {marker}"
