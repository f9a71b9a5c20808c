"""A paper's links, and opening a URL safely wherever the app runs.

Opening is the delicate part: the app often runs over SSH, where "open in a
browser" on the remote box is useless or harmful. Python's :mod:`webbrowser`
falls back to console browsers (lynx, w3m ...) that would take over the app's own
terminal, so it is deliberately not used. Instead :func:`describe_environment`
picks a GUI opener only when one can reach the user's screen, and otherwise asks
the UI to *show* the URL (and copy it).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit, urlunsplit

from tui.models import Paper

LinkKind = Literal["code", "project", "arxiv", "pdf", "huggingface", "model", "dataset", "space"]

HF_BASE = "https://huggingface.co"
ARXIV_BASE = "https://arxiv.org"

CONSOLE_BROWSERS = frozenset(
    {"lynx", "w3m", "links", "links2", "elinks", "browsh", "www-browser", "carbonyl"}
)
"""Text-mode browsers: launched from the app they would fight it for the terminal."""

LAUNCH_GRACE_SECONDS = 0.3
"""How long :func:`open_url` waits to catch an opener that fails at once."""


MAX_URL_CHARS = 2048
_URL_REFUSED = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f"
                          r"\u205f-\u206f\u3000\ufeff\ud800-\udfff]")
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
                   r"|^\[[0-9A-Fa-f:.]+\]$")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Left as they are: what URLs need and no shell (``sh -c``) gives a meaning to
# inside a word. Everything else ($ ` ' " ; & | < > ( ) { } * ! \ ^ space,
# non-ASCII) is percent-encoded, so a URL can never become shell code.
_PATH_SAFE = "/-._~:@+,=%"
_QUERY_SAFE = "/-._~:@+,=%?"


def safe_url(raw: str | None) -> str | None:
    """*raw* as an ``http``/``https`` URL with every risky character percent-encoded, or None.

    Refused (None): other schemes, no host, credentials in the URL (``user@host``),
    an invalid host or port, control characters, whitespace, line separators or
    invisible characters anywhere, more than :data:`MAX_URL_CHARS` characters.
    """
    if not raw or len(raw) > MAX_URL_CHARS or _URL_REFUSED.search(raw):
        return None
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or "@" in parts.netloc:
        return None
    host = parts.hostname or ""
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not host or not _HOST.match(host if ":" not in host else f"[{host}]"):
        return None
    netloc = (f"[{host}]" if ":" in host else host.lower()) + (f":{port}" if port is not None else "")
    path = quote(_PERCENT.sub("%25", parts.path), safe=_PATH_SAFE)
    query = quote(_PERCENT.sub("%25", parts.query), safe=_QUERY_SAFE)
    fragment = quote(_PERCENT.sub("%25", parts.fragment), safe=_QUERY_SAFE)
    url = urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))
    return url if len(url) <= MAX_URL_CHARS else None


@dataclass(frozen=True, slots=True)
class PaperLink:
    """One link the UI can offer for a paper."""

    kind: str
    """One of :data:`LinkKind`: ``code``, ``project``, ``arxiv``, ``pdf`` ..."""
    label: str
    url: str


def code_link(paper: Paper) -> str | None:
    """The paper's code repository (its GitHub repo, or one named in the abstract)."""
    return safe_url(paper.code_url)


def paper_link(paper: Paper) -> str | None:
    """The arXiv abstract page, or None for a paper without an arXiv id."""
    return f"{ARXIV_BASE}/abs/{paper.id}" if paper.has_arxiv_id else None


def paper_links(paper: Paper, details: object | None = None) -> list[PaperLink]:
    """Every link for *paper*, most useful first.

    Args:
        paper: The paper.
        details: Optional paper details with ``linked_models``, ``linked_datasets``
            and ``linked_spaces`` (lists of Hugging Face repo ids); missing
            attributes count as empty.

    Returns:
        Code, project page, arXiv abstract, PDF, Hugging Face page, then linked
        models, datasets and spaces; a URL appears at most once.
    """
    links: list[PaperLink] = []
    code = code_link(paper)
    if code:
        links.append(PaperLink("code", "Code", code))
    if paper.project_page:
        links.append(PaperLink("project", "Project page", paper.project_page))
    # Repo ids arrive validated (hub.py); quote them again so a cached id stays a path.
    if paper.has_arxiv_id:
        links.append(PaperLink("arxiv", "arXiv abstract", f"{ARXIV_BASE}/abs/{paper.id}"))
        links.append(PaperLink("pdf", "PDF", f"{ARXIV_BASE}/pdf/{paper.id}"))
        links.append(PaperLink("huggingface", "Hugging Face page", f"{HF_BASE}/papers/{paper.id}"))
    if details is not None:
        for repo in _repo_ids(details, "linked_models"):
            links.append(PaperLink("model", f"Model: {repo}", f"{HF_BASE}/{quote(repo, safe='/')}"))
        for repo in _repo_ids(details, "linked_datasets"):
            links.append(PaperLink("dataset", f"Dataset: {repo}", f"{HF_BASE}/datasets/{quote(repo, safe='/')}"))
        for repo in _repo_ids(details, "linked_spaces"):
            links.append(PaperLink("space", f"Space: {repo}", f"{HF_BASE}/spaces/{quote(repo, safe='/')}"))
    unique: list[PaperLink] = []
    seen: set[str] = set()
    for candidate in links:
        url = safe_url(candidate.url)
        if url is None:
            continue  # an unsafe URL (from an old cache entry) is never offered
        link = PaperLink(candidate.kind, candidate.label, url)
        # A project page that is the GitHub repo would otherwise be listed twice.
        if link.url not in seen:
            seen.add(link.url)
            unique.append(link)
    return unique


def _repo_ids(details: object, name: str) -> list[str]:
    values = getattr(details, name, None) or ()
    return [str(value).strip("/") for value in values if str(value).strip("/")]


# --- opening ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenerPlan:
    """How this environment opens URLs, decided once by :func:`describe_environment`."""

    mode: Literal["command", "show"]
    """``command``: run :attr:`command`; ``show``: the UI must display (and copy) the URL."""
    command: tuple[str, ...] = ()
    """The argv template; ``%s`` in an argument is replaced by the URL, else it is appended."""
    reason: str = ""
    """Why this plan was chosen, for the help screen and logs."""


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What :func:`open_url` did."""

    status: Literal["launched", "show", "failed"]
    url: str
    command: tuple[str, ...] = ()
    """The argv that ran (``launched``) or was tried (``failed``)."""
    reason: str = ""


def describe_environment(env: Mapping[str, str] | None = None, platform: str | None = None) -> OpenerPlan:
    """Decide how URLs should be opened here.

    In order: ``$BROWSER`` (a console browser in it means "show"); a remote
    session (``SSH_CONNECTION``/``SSH_TTY``/``SSH_CLIENT``) shows the URL, since
    a browser would open on the remote machine, not in front of the user; macOS
    uses ``open``; Windows ``rundll32 url.dll,FileProtocolHandler``; Linux/BSD
    with ``DISPLAY``/``WAYLAND_DISPLAY`` uses ``xdg-open`` when on ``PATH``;
    anything else (a headless box) shows the URL.

    Args:
        env: The environment (defaults to :data:`os.environ`).
        platform: A :data:`sys.platform` value (defaults to the current one).
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    path = env.get("PATH")
    browser = env.get("BROWSER", "").strip()
    if browser:
        command = _browser_command(browser, path)
        if command and os.path.basename(command[0]) in CONSOLE_BROWSERS:
            return OpenerPlan("show", reason=f"$BROWSER is a console browser ({command[0]})")
        if command:
            return OpenerPlan("command", command, reason="$BROWSER")
    if is_remote(env):
        return OpenerPlan("show", reason="remote session (SSH): a browser would open on the remote machine")
    if platform == "darwin":
        return OpenerPlan("command", ("open",), reason="macOS")
    if platform.startswith("win"):
        return OpenerPlan("command", ("rundll32", "url.dll,FileProtocolHandler"), reason="Windows")
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return OpenerPlan("show", reason="no graphical display")
    opener = shutil.which("xdg-open", path=path)
    if opener:
        return OpenerPlan("command", (opener,), reason="graphical session (xdg-open)")
    return OpenerPlan("show", reason="xdg-open not found")


def is_remote(env: Mapping[str, str] | None = None) -> bool:
    """True inside an SSH session, where the user's screen is on another machine."""
    env = os.environ if env is None else env
    return any(env.get(name) for name in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"))


def _browser_command(value: str, path: str | None) -> tuple[str, ...]:
    """The first usable entry of ``$BROWSER`` (an ``os.pathsep``-separated list)."""
    candidates: list[tuple[str, ...]] = []
    for entry in value.split(os.pathsep):
        try:
            argv = tuple(shlex.split(entry))
        except ValueError:
            continue
        if argv:
            candidates.append(argv)
    for argv in candidates:
        if shutil.which(argv[0], path=path):
            return argv
    # None resolves: keep the first so open_url can report the missing command.
    return candidates[0] if candidates else ()


def build_argv(command: Sequence[str], url: str) -> list[str]:
    """*command* with ``%s`` replaced by *url* (``%%`` is a literal ``%``), or *url* appended."""
    if any("%s" in arg for arg in command):
        return [_substitute(arg, url) for arg in command]
    return [*command, url]


def _substitute(arg: str, url: str) -> str:
    parts = arg.split("%%")
    return "%".join(part.replace("%s", url) for part in parts)


def open_url(url: str, plan: OpenerPlan, *, grace: float = LAUNCH_GRACE_SECONDS) -> OpenResult:
    """Open *url* as *plan* says, detached from the app's terminal.

    The opener runs in its own session with no access to the terminal (stdin,
    stdout and stderr are ``/dev/null``). This waits up to *grace* seconds to
    catch an opener that fails at once, so call it from a worker thread.

    Returns:
        ``launched`` with the argv; ``show`` when the caller must display the URL;
        ``failed`` with a reason when the command is missing or exits with an error.
    """
    safe = safe_url(url)
    if safe is None:
        return OpenResult("failed", "", reason="refused a URL with unsafe characters or scheme")
    url = safe
    if plan.mode == "show" or not plan.command:
        return OpenResult("show", url, reason=plan.reason)
    argv = build_argv(plan.command, url)
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except FileNotFoundError:
        return OpenResult("failed", url, tuple(argv), reason=f"command not found: {argv[0]}")
    except OSError as error:
        return OpenResult("failed", url, tuple(argv), reason=f"could not run {argv[0]}: {error.strerror}")
    try:
        code = process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        # Still running (a browser that stays open): reap it whenever it ends.
        threading.Thread(target=process.wait, name="opener-reaper", daemon=True).start()
        return OpenResult("launched", url, tuple(argv), reason=plan.reason)
    if code != 0:
        return OpenResult("failed", url, tuple(argv), reason=f"{argv[0]} exited with status {code}")
    return OpenResult("launched", url, tuple(argv), reason=plan.reason)
