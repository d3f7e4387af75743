"""Running every lesson and building the slides needs no network, no particular folder, and
never writes to the data.

A test-only ``sitecustomize.py`` (``GUARD`` below) is written to a scratch folder put first on
PYTHONPATH, so every Python process the tests start inherits it: the slide builder and every
Jupyter kernel (nbclient starts kernels with this process's environment). It refuses any
socket connection, datagram or name lookup that leaves the machine (loopback, AF_UNIX and
the like pass) and logs each attempt; ZMQ between kernel and client is C code on 127.0.0.1
and is not seen. One module fixture runs everything once under the guard:

* each lesson notebook, executed in a fresh kernel whose working directory is an unrelated
  scratch folder (``notebook_runner.execute``);
* ``python -m s400_lesson slides`` in a subprocess started in another unrelated folder, at
  the same time, with no ``--notebooks``: it must find this checkout's lessons itself (see
  ``slides.project_root``; its kernels run in notebooks/ by design);

and records the guard's logs and the sha256 of every file in lesson_data/ and notebooks/
before and after. A small notebook that does reach for the web shows that the guard is
loaded in the kernel and that it logs what it refuses, so an empty log means something.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_runner import code_cells, execute, execute_during, problems

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("*.ipynb"))
WATCHED = {"lesson_data": REPO / "lesson_data", "notebooks": NOTEBOOKS}
LOG_VAR = "S400_OFFLINE_LOG"  # one line per refused attempt
LOADED_VAR = "S400_OFFLINE_LOADED"  # one line per process that loaded the guard

GUARD = '''\
"""Test-only network guard, written by tests/test_offline_and_read_only.py.

Python processes started with this folder first on PYTHONPATH refuse any socket
connection, datagram or name lookup that does not stay on this machine (OSError),
and append one line per refused attempt (pid, call, address, command) to the file
named by $S400_OFFLINE_LOG. Loopback, AF_UNIX and other local families pass.
"""

import errno
import importlib.machinery
import importlib.util
import ipaddress
import os
import socket
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _command():
    try:
        with open("/proc/self/cmdline", "rb") as f:
            command = f.read().replace(b"\\0", b" ").decode(errors="replace")
    except OSError:
        command = " ".join(sys.argv)
    return " ".join(command.split())[:300]


def _append(variable, line):
    path = os.environ.get(variable)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\\n")


def _is_local(host):
    """Loopback names and addresses; None, "" and 0.0.0.0 / :: (binding) never leave."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host is None or host == "":
        return True
    host = str(host).split("%", 1)[0].strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: resolving it may ask a DNS server
    return address.is_loopback or address.is_unspecified


def _refuse(call, address):
    _append("S400_OFFLINE_LOG", f"{os.getpid()}\\t{call}\\t{address!r}\\t{_command()}")
    raise OSError(errno.ENETUNREACH, f"offline test guard refused {call} to {address!r}")


def _check(sock, call, address):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and address is not None:
        host = address[0] if isinstance(address, tuple) and address else address
        if not _is_local(host):
            _refuse(call, address)


def _install():
    method = {n: getattr(socket.socket, n) for n in ("connect", "connect_ex", "sendto", "sendmsg")}
    lookup = {n: getattr(socket, n) for n in ("gethostbyname", "gethostbyname_ex", "gethostbyaddr")}
    real_getaddrinfo, real_create_connection = socket.getaddrinfo, socket.create_connection

    def connect(self, address):
        _check(self, "connect", address)
        return method["connect"](self, address)

    def connect_ex(self, address):
        _check(self, "connect_ex", address)
        return method["connect_ex"](self, address)

    def sendto(self, data, *args):  # sendto(data, address) or sendto(data, flags, address)
        _check(self, "sendto", args[-1] if args else None)
        return method["sendto"](self, data, *args)

    def sendmsg(self, buffers, *args, **kwargs):  # address is the fourth argument
        _check(self, "sendmsg", kwargs.get("address", args[2] if len(args) > 2 else None))
        return method["sendmsg"](self, buffers, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _refuse("getaddrinfo", host)
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        if not _is_local(address[0]):
            _refuse("create_connection", address)
        return real_create_connection(address, *args, **kwargs)

    def guarded_lookup(name):
        def guarded(host, *args, **kwargs):
            if not _is_local(host):
                _refuse(name, host)
            return lookup[name](host, *args, **kwargs)

        return guarded

    for name, function in [
        ("connect", connect),
        ("connect_ex", connect_ex),
        ("sendto", sendto),
        ("sendmsg", sendmsg),
    ]:
        setattr(socket.socket, name, function)
    socket.getaddrinfo = getaddrinfo
    socket.create_connection = create_connection
    for name in lookup:
        setattr(socket, name, guarded_lookup(name))
    socket.S400_OFFLINE_GUARD = __file__


def _chain():
    """Run the sitecustomize this one hides (a distribution's, a virtualenv's), if any."""
    others = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", others)
    if spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


_install()
_append("S400_OFFLINE_LOADED", f"{os.getpid()}\\t{_command()}")
_chain()
'''


@dataclass
class Guard:
    folder: Path
    log: Path
    loaded: Path

    def refused(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []

    def processes(self) -> list[str]:
        return self.loaded.read_text(encoding="utf-8").splitlines() if self.loaded.exists() else []


def install_guard(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Guard:
    """Write the guard to ``folder`` and put it first on PYTHONPATH for child processes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    guard = Guard(folder, folder / "refused.log", folder / "loaded.log")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    )
    monkeypatch.setenv(LOG_VAR, str(guard.log))
    monkeypatch.setenv(LOADED_VAR, str(guard.loaded))
    monkeypatch.delenv("S400_LESSON_DATA", raising=False)  # the shipped data, found by the package
    return guard


def sha256_files(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by path relative to it."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Each path whose content differs, saying whether it was added, removed or edited."""
    changes = []
    for name in sorted(before.keys() | after.keys()):
        if before.get(name) != after.get(name):
            how = "added" if name not in before else "removed" if name not in after else "edited"
            changes.append(f"{name} ({how})")
    return changes


@dataclass
class OfflineRun:
    guard: Guard
    lessons: dict[str, nbformat.NotebookNode]
    lesson_cwd: Path
    slides: subprocess.CompletedProcess[str]
    slides_cwd: Path
    decks: Path
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory: pytest.TempPathFactory) -> OfflineRun:
    """Every lesson executed and every deck built, once, under the guard, away from the repo."""
    lesson_cwd = tmp_path_factory.mktemp("lesson-cwd")
    slides_cwd = tmp_path_factory.mktemp("slides-cwd")
    decks = tmp_path_factory.mktemp("offline-decks")
    output = tmp_path_factory.mktemp("slides-output")
    before = {name: sha256_files(folder) for name, folder in WATCHED.items()}
    with pytest.MonkeyPatch.context() as monkeypatch:
        guard = install_guard(tmp_path_factory.mktemp("guard"), monkeypatch)
        command = [sys.executable, "-m", "s400_lesson", "slides"]
        # No --notebooks: from an unrelated folder the builder must find this checkout itself.
        command += ["--out", str(decks)]
        lessons, slides = execute_during(command, slides_cwd, output, LESSONS, lesson_cwd)
    after = {name: sha256_files(folder) for name, folder in WATCHED.items()}
    return OfflineRun(guard, lessons, lesson_cwd, slides, slides_cwd, decks, before, after)


# --- the guard works: a kernel that reaches for the web is refused, and it is logged ---------

PROBE_CELLS = [
    "import json, os, socket, sys\n"
    "print(json.dumps({'pid': os.getpid(), 'guard': getattr(socket, 'S400_OFFLINE_GUARD', None),"
    " 'sitecustomize': getattr(sys.modules.get('sitecustomize'), '__file__', None)}))",
    "import urllib.request\n"
    "try:\n"
    "    urllib.request.urlopen('http://example.com', timeout=2)\n"
    "    print('urlopen: reached the web')\n"
    "except OSError as exc:\n"
    "    print('urlopen failed:', exc)",
    # Numeric addresses (TEST-NET-1) need no lookup: connect() and sendto() themselves refuse.
    "for kind, call in [\n"
    "    (socket.SOCK_STREAM, lambda s: s.connect(('192.0.2.1', 80))),\n"
    "    (socket.SOCK_DGRAM, lambda s: s.sendto(b'?', ('192.0.2.1', 53))),\n"
    "]:\n"
    "    with socket.socket(socket.AF_INET, kind) as s:\n"
    "        try:\n"
    "            call(s)\n"
    "            print('numeric: reached the web')\n"
    "        except OSError as exc:\n"
    "            print('numeric failed:', exc)",
    # Loopback stays allowed, by address and by name.
    "with socket.create_server(('127.0.0.1', 0)) as server:\n"
    "    port = server.getsockname()[1]\n"
    "    for host in ('127.0.0.1', 'localhost'):\n"
    "        socket.create_connection((host, port), timeout=5).close()\n"
    "print('loopback ok')",
]


@pytest.mark.slow
def test_guard_refuses_the_web_in_a_kernel_and_logs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = install_guard(tmp_path / "guard", monkeypatch)
    probe = tmp_path / "notebook" / "probe.ipynb"
    probe.parent.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell(src) for src in PROBE_CELLS]), probe)
    workdir = tmp_path / "cwd"
    workdir.mkdir()

    nb = execute(probe, workdir, timeout=60)

    assert not problems(nb), problems(nb)
    printed = ["".join(out.get("text", "") for out in cell.outputs) for cell in code_cells(nb)]
    kernel = json.loads(printed[0])
    assert kernel["guard"] == kernel["sitecustomize"] == str(guard.folder / "sitecustomize.py")
    # Refused by the guard, not merely failing (this machine may have no network anyway).
    refusals = [*printed[1].splitlines(), *printed[2].splitlines()]
    assert len(refusals) == 3, printed
    assert all("offline test guard refused" in line for line in refusals), refusals
    assert printed[3].strip() == "loopback ok"

    refused = guard.refused()
    assert {line.split("\t")[0] for line in refused} == {str(kernel["pid"])}, refused
    calls = [tuple(line.split("\t")[1:3]) for line in refused]
    assert ("create_connection", "('example.com', 80)") in calls, refused
    assert ("connect", "('192.0.2.1', 80)") in calls, refused
    assert ("sendto", "('192.0.2.1', 53)") in calls, refused
    assert not any("127.0.0.1" in line or "localhost" in line for line in refused)
    assert any("ipykernel" in line for line in guard.processes()), "the kernel had no guard"


# --- the lessons and the slides, run once under the guard ------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_lesson_runs_offline_from_an_unrelated_folder(
    offline_run: OfflineRun, lesson: Path
) -> None:
    nb = offline_run.lessons[lesson.stem]
    assert code_cells(nb) and all(cell.execution_count for cell in code_cells(nb))
    assert not problems(nb), "\n".join(problems(nb))


@pytest.mark.slow
def test_slides_build_offline_from_an_unrelated_folder(offline_run: OfflineRun) -> None:
    result = offline_run.slides
    assert result.returncode == 0, result.stderr
    assert f"{len(LESSONS)} of {len(LESSONS)} decks built" in result.stdout
    built = sorted(path.name for path in offline_run.decks.glob("*.slides.html"))
    assert built == [f"{path.stem}.slides.html" for path in LESSONS]


@pytest.mark.slow
def test_no_process_reached_for_the_network(offline_run: OfflineRun) -> None:
    guard = offline_run.guard
    assert guard.refused() == [], "network attempts:\n" + "\n".join(guard.refused())
    # The empty log counts only if the guard was there: in the slide builder and in every
    # kernel (one per lesson here, one per deck there).
    processes = guard.processes()
    assert any("-m s400_lesson slides" in line for line in processes), processes
    kernels = [line for line in processes if "ipykernel_launcher" in line]
    assert len(kernels) >= 2 * len(LESSONS), processes
    # A refusal caught and shown in a cell would be an error output (the decks' builder
    # stops at any error, so its success above covers its kernels).
    errors = {name: problems(nb) for name, nb in offline_run.lessons.items() if problems(nb)}
    assert errors == {}


@pytest.mark.slow
@pytest.mark.parametrize("folder", sorted(WATCHED))
def test_files_are_byte_identical_afterwards(offline_run: OfflineRun, folder: str) -> None:
    before, after = offline_run.before[folder], offline_run.after[folder]
    assert before, f"no files in {folder}/ to compare"
    changed = changed_files(before, after)
    assert not changed, f"running the lessons and building the slides changed {folder}/: {changed}"


@pytest.mark.slow
def test_nothing_is_written_to_the_working_folders(offline_run: OfflineRun) -> None:
    for cwd in (offline_run.lesson_cwd, offline_run.slides_cwd):
        assert sorted(p.name for p in cwd.iterdir()) == [], f"files written to {cwd}"


def test_changed_files_names_each_difference() -> None:
    before = {"a.csv": "1", "b.csv": "2", "c.csv": "3"}
    after = {"a.csv": "1", "b.csv": "9", "d.csv": "4"}
    assert changed_files(before, after) == ["b.csv (edited)", "c.csv (removed)", "d.csv (added)"]
