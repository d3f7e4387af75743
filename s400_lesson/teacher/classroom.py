"""nbgitpuller links: one click gives a student the lessons on a JupyterHub.

A link ``HUB/hub/user-redirect/git-pull?repo=...&urlpath=...&branch=...`` makes the hub log
the student in, start their server, clone the repository (or, on later clicks, merge in the
teacher's changes while keeping the student's own edits) and open the first lesson in
JupyterLab. The format is nbgitpuller's (its documentation, "Options in an nbgitpuller URL",
and its link generator): ``urlpath`` is relative to the student's server and must start with
the folder the clone lands in, which is the repository's name.

``python -m s400_lesson link --hub https://hub.example.org`` prints the link. It points at the
branch ``student-lessons`` (``python -m s400_lesson student-branch`` makes it), which holds the
students' versions of the lessons and none of the teacher's material.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

__all__ = [
    "BRANCH",
    "START_NOTEBOOK",
    "LinkError",
    "checkout_remote",
    "gitpuller_link",
    "has_branch",
    "web_address",
]

# The branch the link gives students: the lessons without the teacher's material, made by
# `python -m s400_lesson student-branch` (teacher/student_copy.py).
BRANCH = "student-lessons"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"

# A host name: labels of letters, digits and hyphens, or an IPv4 address.
_LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


class LinkError(ValueError):
    """An address that cannot make a working link; the message says what is wrong."""


def _check_url(url: str, what: str) -> tuple[str, str, str]:
    """Scheme, host[:port] and path of an http(s) URL, or LinkError naming what is wrong."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise LinkError(f"{what} {url!r} is not a valid address ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise LinkError(f"{what} {url!r} must start with https:// (or http://)")
    host = parts.hostname or ""
    if not _HOST.match(host):
        raise LinkError(f"{what} {url!r} has no valid host name")
    if parts.query or parts.fragment:
        raise LinkError(f"{what} {url!r} must not carry a ?query or #fragment")
    netloc = host if port is None else f"{host}:{port}"
    return parts.scheme, netloc, parts.path


def repository_folder(repo_url: str) -> str:
    """The folder nbgitpuller clones ``repo_url`` into: its last path part, without ``.git``."""
    _, _, path = _check_url(repo_url, "repository")
    name = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    if not name:
        raise LinkError(f"repository {repo_url!r} has no repository name in its path")
    return name


def _hub_prefix(path: str) -> str:
    """The hub's base path: kept for a hub under a prefix (/jupyter), cut before /hub/ or
    /user/ so that an address pasted from a hub page (…/hub/login, …/user/ana/lab) works."""
    path = "/" + path.strip("/") + "/"
    for page in ("/hub/", "/user/"):
        if page in path:
            path = path[: path.index(page) + 1]
    return path.rstrip("/")


def checkout_remote(folder: Path) -> str | None:
    """The address this checkout was cloned from (git's ``remote.origin.url``), if any, as git
    has it: an http(s) address, an SSH one (``git@host:path``) or a local path.

    No address is guessed: a link to a repository that does not exist would leave a whole
    class at an error page, so without a remote the teacher names the repository.
    """
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    url = done.stdout.strip()
    return url if done.returncode == 0 and url else None


def has_branch(folder: Path, branch: str) -> bool:
    """Whether the checkout at ``folder`` has a local branch ``branch``."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


# git's SSH forms: scp-like user@host:path, and ssh://[user@]host[:port]/path.
_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?!//)(?P<path>[^\\]+)$")
_SSH_URL = re.compile(r"^(?:git\+)?ssh://(?:[^@/]+@)?(?P<host>[^:/]+)(?::\d+)?/(?P<path>.+)$")


def web_address(remote: str) -> str | None:
    """The http(s) address a hub can clone for a git remote: an http(s) remote as it is, an SSH
    remote (``git@github.com:school/s400.git``) as ``https://github.com/school/s400.git``, the
    address forges such as GitHub and GitLab serve the same repository at. None for a local
    path or anything else a hub cannot reach."""
    remote = remote.strip()
    if remote.startswith(("https://", "http://")):
        return remote
    if remote.startswith("/") or remote.startswith("file:"):
        return None
    found = _SSH_URL.match(remote) or _SCP_LIKE.match(remote)
    if not found or not _HOST.match(found["host"].lower()) or "." not in found["host"]:
        return None
    return f"https://{found['host'].lower()}/{found['path'].lstrip('/')}"


def gitpuller_link(
    hub_url: str,
    repo_url: str,
    branch: str = BRANCH,
    notebook: str = START_NOTEBOOK,
) -> str:
    """The nbgitpuller link that clones ``repo_url`` and opens ``notebook`` in JupyterLab.

    Raises LinkError for a hub or repository address that is not a plain http(s) URL.
    """
    scheme, netloc, path = _check_url(hub_url, "hub address")
    prefix = _hub_prefix(path)
    if not branch.strip():
        raise LinkError("branch must not be empty")
    query = urlencode(
        {
            "repo": repo_url.strip(),
            "urlpath": f"lab/tree/{repository_folder(repo_url)}/{notebook.lstrip('/')}",
            "branch": branch.strip(),
        }
    )
    return urlunsplit((scheme, netloc, f"{prefix}/hub/user-redirect/git-pull", query, ""))
