"""A class on one JupyterHub: memory, login and lesson times for N students (not a test).

Usage: python benchmarks/hub.py [--students 5 10 20 30] [--transport ipc|tcp] [--json FILE]

For each N it starts a real JupyterHub on 127.0.0.1 with the shipped configuration
(classroom/jupyterhub_config.py) plus what a benchmark needs (dummy login, one home folder per
student under a temporary directory, the proxy from npm). Then N simulated students log in at
the same moment through the hub's REST API (a token each, then their own server) and each runs
lesson 02 on their own server and kernel as JupyterLab does: a session, then the kernel's
websocket, one execute request per code cell. While the kernels are still alive it reads the
PSS of every process (/proc/PID/smaps_rollup) and the CPU time of every process on the machine.

configurable-http-proxy comes from npm into build/node/ on first use; without npm the script
says so and exits with status 3. Everything it starts is stopped at the end, also after an
error, a timeout or Ctrl-C. Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = REPO / "classroom" / "jupyterhub_config.py"
LESSON = "notebooks/02_positions.ipynb"
NODE_DIR = REPO / "build" / "node"
PROXY = NODE_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
PROXY_PACKAGE = "configurable-http-proxy@4"
MARKER = "S400_HUB_BENCH"  # in the environment of everything started, so cleanup finds it all
MISSING_NODE = 3  # exit status when npm or node is absent: the benchmark cannot run here

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


class Skip(Exception):
    """The benchmark cannot run on this machine (no npm, no jupyterhub); the message says why."""


# --- processes -------------------------------------------------------------------------------


def processes() -> Iterator[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            yield int(entry.name)


def read_environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def marked(token: str) -> list[int]:
    """Pids of the processes started by the run with this token."""
    tag = f"{MARKER}={token}".encode()
    return [pid for pid in processes() if pid != os.getpid() and tag in read_environ(pid)]


def kill_marked(token: str) -> int:
    """SIGKILL whatever is left of a run; returns how many processes were killed."""
    pids = marked(token)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    return len(pids)


def stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (field 3 onwards)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(pid: int, ended_children: bool = True) -> float:
    """CPU time of a process, and of its children that have ended (cutime, cstime) unless
    ended_children is False: a child reaped during the run may have run mostly before it."""
    fields = stat_fields(pid)
    if not fields:
        return 0.0
    return sum(int(v) for v in fields[11 : 15 if ended_children else 13]) / TICKS


def command(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def pss_mib(pid: int) -> float:
    """Proportional set size: shared pages split between the processes sharing them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    return [p for p in processes() if (f := stat_fields(p)) and int(f[1]) == pid]


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (all cores, /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values[:8]) - idle) / TICKS


def all_cpu() -> dict[int, tuple[str, float]]:
    """Command and CPU seconds of every process, to see what else used the CPU."""
    return {pid: (command(pid)[:80], cpu_seconds(pid, ended_children=False)) for pid in processes()}


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# --- the hub ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_proxy() -> Path:
    """The configurable-http-proxy command, installed from npm into build/node/ if needed."""
    if PROXY.exists():
        return PROXY
    npm, node = shutil.which("npm"), shutil.which("node")
    if not (npm and node):
        raise Skip(
            "JupyterHub's proxy (configurable-http-proxy) needs Node.js and npm, which are not "
            "installed here (Debian: apt-get install nodejs npm)"
        )
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing {PROXY_PACKAGE} into {NODE_DIR} ...", flush=True)
    subprocess.run(
        [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", PROXY_PACKAGE],
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    return PROXY


def hub_config(run: Path, ports: dict[str, int], token: str, transport: str) -> str:
    """The hub's configuration: the shipped one, then what the benchmark changes."""
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    args = [f"--KernelManager.transport={transport}"]
    if os.geteuid() == 0:
        args.append("--allow-root")  # jupyter refuses to run as root without it
    return f"""
load_subconfig({str(SHIPPED_CONFIG)!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports["public"]}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports["hub"]}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports["proxy_api"]}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.JupyterHub.db_url = "sqlite:///{run}/hub.sqlite"
c.JupyterHub.cookie_secret_file = "{run}/cookie_secret"
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{run}/home/{{username}}"
c.Spawner.cmd = [{str(singleuser)!r}]
c.Spawner.args = [a for a in c.Spawner.args if "KernelManager.transport" not in a] + {args!r}
c.Spawner.environment["{MARKER}"] = {token!r}
c.Spawner.environment["PATH"] = {os.environ["PATH"]!r}
c.Spawner.start_timeout = 900
c.Spawner.http_timeout = 600
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.services = [{{"name": "bench", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "bench", "services": ["bench"],
                            "scopes": ["admin:users", "admin:servers", "tokens"]}}]
"""


@dataclass
class Hub:
    run: Path
    token: str
    proc: subprocess.Popen[bytes]
    public: int
    hub_port: int

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.public}/{path.lstrip('/')}"

    def log_tail(self, lines: int = 30) -> str:
        log = self.run / "hub.log"
        return (
            "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""
        )


def start_hub(run: Path, token: str, transport: str, timeout: float = 120) -> Hub:
    ports = {name: free_port() for name in ("public", "hub", "proxy_api")}
    config = run / "jupyterhub_config.py"
    config.write_text(hub_config(run, ports, token, transport))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env[MARKER] = token
    with (run / "hub.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=run,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(run, token, proc, ports["public"], ports["hub"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyterhub exited early:\n{hub.log_tail()}")
        with contextlib.suppress(OSError, urllib.error.URLError):
            api(hub, "GET", "hub/api/", token)
            return hub
        time.sleep(0.3)
    raise TimeoutError(f"jupyterhub did not answer in {timeout} s:\n{hub.log_tail()}")


def stop_hub(hub: Hub | None, token: str) -> None:
    """Stop the hub (it stops the students' servers), then kill anything of ours left."""
    if hub is not None and hub.proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(hub.proc.pid, signal.SIGTERM)
        try:
            hub.proc.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(hub.proc.pid, signal.SIGKILL)
            hub.proc.wait(10)
    kill_marked(token)


def api(hub: Hub, method: str, path: str, token: str, body: Any = None, timeout: float = 60) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        hub.url(path),
        data=data,
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


# --- one student -----------------------------------------------------------------------------


@dataclass
class Student:
    name: str
    login_s: float = float("nan")
    lesson_s: float = float("nan")
    error: str = ""
    cell_errors: list[str] = field(default_factory=list)


def lesson_cells() -> list[str]:
    cells = json.loads((REPO / LESSON).read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def log_in(hub: Hub, student: Student, timeout: float) -> str:
    """A token for the student, then their server started and ready; returns the token."""
    start = time.perf_counter()
    api(hub, "POST", f"hub/api/users/{student.name}", hub.token)
    token = api(hub, "POST", f"hub/api/users/{student.name}/tokens", hub.token, {"note": "bench"})
    token = token["token"]
    api(hub, "POST", f"hub/api/users/{student.name}/server", token, timeout=timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        user = api(hub, "GET", f"hub/api/users/{student.name}", token)
        server = user.get("servers", {}).get("", {})
        if server.get("ready"):
            student.login_s = time.perf_counter() - start
            return token
        if not user.get("pending") and not server:
            raise RuntimeError("the server stopped while starting")
        time.sleep(0.5)
    raise TimeoutError(f"server not ready after {timeout} s")


def message(session: str, msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "student",
        "version": "5.3",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}  # fmt: skip


def request(ws: Any, msg: dict[str, Any], reply_type: str, timeout: float) -> dict[str, Any]:
    """Send a shell message; wait for its reply and for the kernel to go idle after it."""
    ws.send(json.dumps(msg))
    msg_id, reply, idle = msg["header"]["msg_id"], None, False
    deadline = time.monotonic() + timeout
    while reply is None or not idle:
        ws.settimeout(max(deadline - time.monotonic(), 0.1))
        incoming = json.loads(ws.recv())
        if incoming.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = incoming["header"]["msg_type"]
        if kind == reply_type:
            reply = incoming
        elif kind == "status" and incoming["content"]["execution_state"] == "idle":
            idle = True
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {reply_type} after {timeout} s")
    return reply


# What JupyterLab sends with each cell it runs.
EXECUTE_OPTIONS = {
    "silent": False,
    "store_history": True,
    "user_expressions": {},
    "allow_stdin": False,
    "stop_on_error": True,
}


def run_lesson(hub: Hub, student: Student, token: str, cell_timeout: float) -> None:
    """As JupyterLab: create a session for the notebook, open the kernel websocket, run cells."""
    import websocket  # websocket-client, which jupyter_server depends on

    start = time.perf_counter()
    body = {"path": LESSON, "type": "notebook", "name": "", "kernel": {"name": "python3"}}
    session = api(hub, "POST", f"user/{student.name}/api/sessions", token, body, timeout=300)
    kernel, client = session["kernel"]["id"], uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{hub.public}/user/{student.name}/api/kernels/{kernel}/channels"
        f"?session_id={client}",
        header=[f"Authorization: token {token}"],
        timeout=cell_timeout,
    )
    try:
        request(ws, message(client, "kernel_info_request", {}), "kernel_info_reply", 300)
        for code in lesson_cells():
            content = {"code": code, **EXECUTE_OPTIONS}
            reply = request(ws, message(client, "execute_request", content), "execute_reply",
                            cell_timeout)  # fmt: skip
            if reply["content"]["status"] != "ok":
                student.cell_errors.append(
                    f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
                )
    finally:
        ws.close()
    student.lesson_s = time.perf_counter() - start


def student_run(hub: Hub, student: Student, timeout: float) -> None:
    home = hub.run / "home" / student.name
    home.mkdir(parents=True, exist_ok=True)
    # What nbgitpuller would give the student: their own copy of the lessons.
    shutil.copytree(REPO / "notebooks", home / "notebooks", dirs_exist_ok=True)
    try:
        token = log_in(hub, student, timeout)
        run_lesson(hub, student, token, cell_timeout=timeout)
    except Exception as exc:  # any failure is the student's failure, reported in the table
        student.error = f"{type(exc).__name__}: {exc}"[:300]


# --- measuring a class -----------------------------------------------------------------------


@dataclass
class ClassResult:
    students: int
    transport: str
    failures: int
    failure_reasons: list[str]
    login_median_s: float
    login_worst_s: float
    lesson_median_s: float
    lesson_worst_s: float
    wall_s: float
    student_mib_median: float
    student_mib_max: float
    server_mib_median: float
    kernel_mib_median: float
    hub_mib: float
    proxy_mib: float
    total_mib: float
    cpu_ours_s: float
    cpu_bench_client_s: float
    cpu_others_s: float
    cpu_busy_s: float
    load_before: float
    load_max: float
    top_others: list[str]
    kernel_transports: list[str]


def memory(hub: Hub) -> dict[str, Any]:
    """PSS of the hub, the proxy, and each student's server and kernels (alive right now)."""
    servers, kernels, proxy = [], [], 0.0
    for child in children(hub.proc.pid):
        cmd = command(child)
        if "configurable-http-proxy" in cmd or "node" in cmd.split(" ", 1)[0]:
            proxy += pss_mib(child)
        elif "jupyterhub-singleuser" in cmd:
            servers.append(pss_mib(child))
            kernels.append(sum(pss_mib(k) for k in children(child)))
    return {"hub": pss_mib(hub.proc.pid), "proxy": proxy, "servers": servers, "kernels": kernels}


def kernel_transports(run: Path) -> list[str]:
    """The transport each kernel was started with, from its connection file (a check that the
    configuration took effect: ipc must show ipc)."""
    found = set()
    for path in run.glob("home/*/.jr/kernel-*.json"):
        with contextlib.suppress(OSError, ValueError):
            found.add(json.loads(path.read_text())["transport"])
    return sorted(found)


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and all its descendants."""
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu_seconds(pid)
        todo.extend(children(pid))
    return total


def run_class(n: int, transport: str, timeout: float) -> ClassResult:
    token = secrets.token_hex(16)
    hub = None
    run = Path(tempfile.mkdtemp(prefix="s4hb-"))  # short: the kernels' socket paths live here
    print(f"  processes of this run carry {MARKER}={token} in their environment", flush=True)
    atexit.register(kill_marked, token)
    atexit.register(shutil.rmtree, run, True)
    loads = [load_average()]
    try:
        before_all, busy_before, client_before = all_cpu(), busy_cpu_seconds(), sum(os.times()[:2])
        hub = start_hub(run, token, transport)
        students = [Student(f"student-{i + 1:02d}") for i in range(n)]
        threads = [threading.Thread(target=student_run, args=(hub, s, timeout)) for s in students]
        wall = time.perf_counter()
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            loads.append(load_average())
            time.sleep(1)
        wall = time.perf_counter() - wall
        mem = memory(hub)
        mem["transports"] = kernel_transports(run)
        ours = tree_cpu(hub.proc.pid)
        client = sum(os.times()[:2]) - client_before
        busy = busy_cpu_seconds() - busy_before
        others = other_cpu(before_all, hub.proc.pid)
        return summarise(n, transport, students, mem, wall, ours, client, busy, others, loads)
    finally:
        stop_hub(hub, token)
        shutil.rmtree(run, ignore_errors=True)


def other_cpu(before: dict[int, tuple[str, float]], hub_pid: int) -> list[tuple[str, float]]:
    """CPU seconds used during the run by processes that are not the hub's or this script's,
    by program name. Only processes alive at the end: the total from /proc/stat is the full
    figure, this says who."""
    ours = {hub_pid, os.getpid()}
    todo = [hub_pid]
    while todo:
        kids = children(todo.pop())
        ours.update(kids)
        todo.extend(kids)
    used: dict[str, float] = {}
    for pid, (cmd, cpu) in all_cpu().items():
        if pid in ours:
            continue
        delta = cpu - before.get(pid, (cmd, 0.0))[1]
        if delta > 0.05:
            name = cmd.split(" ", 1)[0].rsplit("/", 1)[-1] or "?"
            used[name] = used.get(name, 0.0) + delta
    return sorted(used.items(), key=lambda item: -item[1])


def summarise(n, transport, students, mem, wall, ours, client, busy, others, loads) -> ClassResult:
    failed = [s for s in students if s.error or s.cell_errors]
    ok = [s for s in students if not s.error]
    logins = [s.login_s for s in students if s.login_s == s.login_s] or [float("nan")]
    lessons = [s.lesson_s for s in ok if s.lesson_s == s.lesson_s] or [float("nan")]
    per_student = [a + b for a, b in zip(mem["servers"], mem["kernels"], strict=True)] or [0.0]
    total = mem["hub"] + mem["proxy"] + sum(per_student)
    return ClassResult(
        students=n,
        transport=transport,
        failures=len(failed),
        failure_reasons=[f"{s.name}: {s.error or s.cell_errors[0]}" for s in failed],
        login_median_s=statistics.median(logins),
        login_worst_s=max(logins),
        lesson_median_s=statistics.median(lessons),
        lesson_worst_s=max(lessons),
        wall_s=wall,
        student_mib_median=statistics.median(per_student),
        student_mib_max=max(per_student),
        server_mib_median=statistics.median(mem["servers"] or [0.0]),
        kernel_mib_median=statistics.median(mem["kernels"] or [0.0]),
        hub_mib=mem["hub"],
        proxy_mib=mem["proxy"],
        total_mib=total,
        cpu_ours_s=ours,
        cpu_bench_client_s=client,
        cpu_others_s=max(busy - ours - client, 0.0),
        cpu_busy_s=busy,
        load_before=loads[0],
        load_max=max(loads),
        top_others=[f"{name} {cpu:.1f} s" for name, cpu in others[:5]],
        kernel_transports=mem["transports"],
    )


# --- report ----------------------------------------------------------------------------------


def print_table(results: list[ClassResult]) -> None:
    print(
        "\n| Students | Failures | Login median / worst s | Lesson median / worst s | Wall s "
        "| MiB per student (median, max) | Server / kernel MiB | Hub + proxy MiB | Total MiB |"
    )
    print("|---:|---:|---|---|---:|---|---|---|---:|")
    for r in results:
        print(f"| {r.students} | {r.failures} | {r.login_median_s:.1f} / {r.login_worst_s:.1f} "
              f"| {r.lesson_median_s:.1f} / {r.lesson_worst_s:.1f} | {r.wall_s:.0f} "
              f"| {r.student_mib_median:.0f}, {r.student_mib_max:.0f} "
              f"| {r.server_mib_median:.0f} / {r.kernel_mib_median:.0f} "
              f"| {r.hub_mib:.0f} + {r.proxy_mib:.0f} | {r.total_mib:.0f} |")  # fmt: skip
    print(
        "\n| Students | CPU s: hub, servers, kernels | CPU s: benchmark client "
        "| CPU s: everything else | Load before / max | Other processes (CPU s) |"
    )
    print("|---:|---:|---:|---:|---|---|")
    for r in results:
        print(f"| {r.students} | {r.cpu_ours_s:.0f} | {r.cpu_bench_client_s:.0f} "
              f"| {r.cpu_others_s:.0f} | {r.load_before:.2f} / {r.load_max:.2f} "
              f"| {'; '.join(r.top_others) or 'none'} |")  # fmt: skip
    for r in results:
        for reason in r.failure_reasons:
            print(f"N={r.students} failed: {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5, 10, 20, 30])
    parser.add_argument("--transport", choices=["ipc", "tcp"], default="ipc",
                        help="kernel transport (the shipped configuration uses ipc)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=600, help="seconds per student step")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if any(n < 1 for n in args.students):
        parser.error("--students takes numbers of at least 1")
    # A kill by SIGTERM runs the finally blocks and atexit handlers, like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        print("skipped: jupyterhub is not installed (pip install -r requirements-dev.txt)")
        return MISSING_NODE
    try:
        ensure_proxy()
    except Skip as exc:
        print(f"skipped: {exc}")
        return MISSING_NODE
    print(f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    results = []
    for n in args.students:
        print(f"class of {n} ({args.transport}) ...", flush=True)
        results.append(run_class(n, args.transport, args.timeout))
        done = results[-1]
        print(f"  {done.failures} failures, wall {done.wall_s:.0f} s, kernels over "
              f"{'/'.join(done.kernel_transports) or '?'}", flush=True)  # fmt: skip
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 1 if any(r.failures for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
