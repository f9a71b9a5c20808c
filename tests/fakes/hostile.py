"""A hostile loopback server: a compromised mirror in ``HF_ENDPOINT`` or a rogue S2/arXiv proxy.

It answers the routes papers-tui uses (Hugging Face ``/api/daily_papers``,
``/api/papers/{id}``, ``/papers/trending``; Semantic Scholar under ``/s2``;
arXiv under ``/arxiv``) in the real shapes, but every answer is an attack
chosen by :attr:`HostileServer.mode`:

``escapes``       escape sequences (OSC 52 clipboard, OSC 0 title, OSC 8 link,
                  CSI, 8-bit CSI), bidi and invisible characters in every field
``markup``        Textual/Rich markup (``[/]``, ``[b]``, ``[link=…]``, ``[@click=…]``) in every field
``error-bodies``  every route answers 500/400 with escapes in ``error``/``message``/``detail``
``nested``        JSON nested 100,000 levels deep
``surrogates``    one paper of the day has a lone surrogate (``"\\ud800"``) in each field
``huge``          one page of :attr:`papers` papers (default 1,000,000), streamed
``endless``       every page full of new papers, forever
``slow-body``     headers at once, then one body byte every :attr:`interval` seconds, forever
``slow-headers``  the status line and headers one byte every :attr:`interval` seconds, forever
``redirect-other`` 302 to another origin (:attr:`other_url`), which records the headers it got
``redirect-data`` / ``redirect-js``  302 to ``data:`` / ``javascript:``
``hostile-urls``  URLs with ``$(…)``, backticks, spaces, newlines, U+2028; ids with ``\\n``, ``/../``, ``?``, ``#``
``wrong-paper``   ``/api/papers/{id}`` answers with another paper

Use in-process (``with HostileServer("escapes") as server: server.url``) or as
a process: ``python -m tests.fakes.hostile --mode huge`` prints ``URL http://…``.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, unquote, urlsplit

ESCAPES = (
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]0;pwned title\x07"  # OSC 0: retitle the window
    "\x1b]8;;https://evil.example\x1b\\forged\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "\x1bPtmux;\x1b\x1b]52;c;dG11eA==\x07\x1b\\"  # tmux passthrough
    "\x1b[2J\x1b[31m\x9b31m\x07\x08"  # CSI, 8-bit CSI, BEL, BS
    "\u202egnp.exe\u202c\u2066\u061c\u200b\u200c\u200d\u2060\u00ad\ufeff"  # bidi, invisible
)
MARKUP = "[/] [b]bold [link=https://evil.example]x[/link] [@click=app.quit]quit[/] [Re] "
BAD_IDS = ("2503.00001\n2503.00002", "../../etc/passwd", "2503.00003?x=1", "2503.00004#frag", "2503/../00005")
BAD_URLS = (
    "https://github.com/org/repo$(touch /tmp/papers-tui-pwned)",
    "https://github.com/org/repo`touch /tmp/papers-tui-pwned`",
    "https://example.org/a b;touch /tmp/papers-tui-pwned",
    "https://example.org/a\nhttps://evil.example",
    "https://example.org/a\u2028b",
    "javascript:alert(1)",
    "https://user:pass@evil.example/",
)
DAY = "2025-03-05"
REDIRECT_MODES = {"redirect-other", "redirect-data", "redirect-js"}


def arxiv_id(index: int) -> str:
    return f"2503.{index % 100000:05d}" if index < 100000 else f"25{(index // 100000) % 100:02d}.{index % 100000:05d}"


class HostileServer:
    """A threaded HTTP server on 127.0.0.1 whose every answer is an attack.

    Attributes:
        mode: the attack (see the module docstring); may be changed at any time.
        papers: papers in a ``huge`` page.
        interval: seconds between bytes in the slow modes.
        other_url: where ``redirect-other`` sends clients (defaults to a second
            origin this server also runs: ``http://localhost:<other port>``).
        seen_by_other: headers (lower-cased) of every request the other origin received.
    """

    def __init__(self, mode: str = "escapes", *, papers: int = 1_000_000, interval: float = 0.05) -> None:
        self.mode = mode
        self.papers = papers
        self.interval = interval
        self.other_url = ""
        self.seen_by_other: list[dict[str, str]] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._stopping = threading.Event()
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._servers[0].server_address[1]}"

    def environment(self) -> dict[str, str]:
        """Variables pointing every papers-tui client at this server."""
        return {
            "HF_ENDPOINT": self.url,
            "PAPERS_TUI_S2_ENDPOINT": self.url + "/s2",
            "PAPERS_TUI_ARXIV_ENDPOINT": self.url + "/arxiv",
            "PAPERS_TUI_ARXIV_INTERVAL": "0",
        }

    def start(self) -> Self:
        for role in ("main", "other"):
            server = _Server(("127.0.0.1", 0), _Handler, self, role)
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        if not self.other_url:
            self.other_url = f"http://localhost:{self._servers[1].server_address[1]}"
        return self

    def stop(self) -> None:
        self._stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -------------------------------------------------------------------- content

    def text(self, base: str) -> str:
        """What the current mode puts in a string field."""
        if self.mode == "markup":
            return f"{MARKUP}{base}"
        if self.mode == "escapes":
            return f"{ESCAPES}{base}{ESCAPES}"
        return base

    def paper(self, index: int, *, bad: bool = False) -> dict[str, Any]:
        """One Hugging Face paper object; *bad* puts lone surrogates in every field."""
        t = self.text
        pid = arxiv_id(index)
        poison = "\ud800" if bad else ""
        github = f"https://github.com/org/repo{index}"
        project = f"https://example.org/p{index}"
        if self.mode == "hostile-urls":
            github = BAD_URLS[index % len(BAD_URLS)]
            project = BAD_URLS[(index + 1) % len(BAD_URLS)]
            if index % 2:
                pid = BAD_IDS[index % len(BAD_IDS)]
        return {
            "id": pid,
            "title": t(f"Hostile paper {index}{poison}"),
            "summary": t(f"Abstract {index}{poison}. Code at {github}.\nSecond line\u2028third."),
            "authors": [
                {"name": t(f"Author {index}-{k}{poison}"), "hidden": False, "user": {"user": t(f"user{k}")}}
                for k in range(3)
            ],
            "publishedAt": f"{DAY}T08:00:00.000Z",
            "submittedOnDailyAt": f"{DAY}T09:00:00.000Z",
            "upvotes": index % 97,
            "ai_summary": t(f"AI summary {index}{poison}"),
            "ai_keywords": [t(f"keyword{poison}"), t("markup [b]kw[/b]")],
            "githubRepo": t(github) if self.mode != "hostile-urls" else github,
            "projectPage": project,
            "organization": {"fullname": t(f"Org {index}{poison}"), "name": "org"},
            "submittedOnDailyBy": {"fullname": t(f"Submitter{poison}"), "name": "sub"},
        }

    def daily_item(self, index: int, *, bad: bool = False) -> dict[str, Any]:
        paper = self.paper(index, bad=bad)
        return {"paper": paper, "title": paper["title"], "publishedAt": f"{DAY}T09:00:00.000Z", "numComments": 2}

    def details(self, paper_id: str) -> dict[str, Any]:
        index = int(paper_id.rsplit(".", 1)[-1]) if paper_id.rsplit(".", 1)[-1].isdigit() else 1
        if self.mode == "wrong-paper":
            index += 1
        detail = self.paper(index)
        t = self.text
        ids = ["org/model", t("org/[/]model"), "[link=https://evil.example]x[/link]", "../../etc", "a b"]
        detail["linkedModels"] = [{"id": i} for i in ids]
        detail["linkedDatasets"] = [{"id": t("org/data")}, {"id": "org/data[b]"}]
        detail["linkedSpaces"] = [{"id": "org/space"}, {"id": t("[@click=app.quit]")}]
        return detail

    def s2_author(self, author_id: str) -> dict[str, Any]:
        t = self.text
        return {
            "authorId": author_id,
            "name": t(f"Scholar {author_id}"),
            "hIndex": 7,
            "paperCount": 12,
            "citationCount": 345,
            "affiliations": [t("Evil University"), t("[b]Lab[/b]")],
            "url": t(f"https://www.semanticscholar.org/author/{author_id}"),
        }

    def s2_papers(self, author_id: str) -> dict[str, Any]:
        t = self.text
        return {
            "offset": 0,
            "data": [
                {
                    "paperId": f"abc{k}",
                    "title": t(f"S2 paper {k}"),
                    "year": 2025,
                    "publicationDate": "2025-03-01",
                    "externalIds": {"ArXiv": arxiv_id(k + 1)},
                    "abstract": t(f"S2 abstract {k}\nline two"),
                    "authors": [{"authorId": author_id, "name": t("Co Author")}],
                    "citationCount": k,
                }
                for k in range(3)
            ],
        }

    def atom(self) -> str:
        term = self.text("cs.LG").replace("&", "&amp;").replace("<", "&lt;")
        term = "".join(c for c in term if c in "\t\n\r" or (" " <= c and c not in "\x7f\x9b"))
        entries = "".join(
            f"<entry><id>http://arxiv.org/abs/{arxiv_id(k + 1)}v1</id><title>T</title>"
            f'<arxiv:primary_category term="{term.replace(chr(34), "&quot;")}"/></entry>'
            for k in range(3)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f'xmlns:arxiv="http://arxiv.org/schemas/atom">{entries}</feed>'
        )

    # -------------------------------------------------------------------- answers

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], Iterator[bytes]]:
        """Status, headers and body chunks for one request to the main origin."""
        mode = self.mode
        if mode == "error-bodies":
            key = ("error", "message", "detail")[len(path) % 3]
            # 4xx: not retried, so the detail shows at once (5xx details take the same path after retries).
            return _json({key: f"{ESCAPES}server says no{MARKUP}{ESCAPES}"}, 400 if "/s2" in path else 422)
        if mode == "nested":
            depth = 100_000
            return 200, {"Content-Type": "application/json"}, iter([b"[" * depth + b"]" * depth])
        if mode in REDIRECT_MODES:
            target = {"redirect-other": self.other_url + path, "redirect-data": "data:text/plain,hi",
                      "redirect-js": "javascript:alert(1)"}[mode]
            return 302, {"Location": target, "Content-Length": "0"}, iter([b""])
        if path.startswith("/api/daily_papers"):
            return self._listing(int(query.get("p", "0") or 0), int(query.get("limit", "100") or 100))
        if path.startswith("/api/papers/search"):
            return _json([self.daily_item(k) for k in range(1, 4)])
        if path.startswith("/api/papers/"):
            return _json(self.details(path.rsplit("/", 1)[-1]))
        if path.startswith("/papers/trending"):
            return 404, {"Content-Type": "application/json"}, iter([b'{"error": "no page"}'])
        if mode == "huge" and path.startswith("/s2/"):
            return 200, {"Content-Type": "application/json"}, self._huge_s2(path.endswith("/papers"))
        if path.startswith("/s2/paper/"):
            return _json({"offset": 0, "data": [self.s2_author(str(1000 + k)) for k in range(3)]})
        if path.startswith("/s2/author/") and path.endswith("/papers"):
            return _json(self.s2_papers(path.split("/")[3]))
        if path.startswith("/s2/author/"):
            return _json(self.s2_author(path.split("/")[3]))
        if path.startswith("/arxiv/query"):
            body = self.atom().encode()
            return 200, {"Content-Type": "application/atom+xml", "Content-Length": str(len(body))}, iter([body])
        return _json({"error": "not found"}, 404)

    def _listing(self, page: int, limit: int) -> tuple[int, dict[str, str], Iterator[bytes]]:
        if self.mode == "huge":
            return 200, {"Content-Type": "application/json"}, self._huge()
        if self.mode == "endless":
            start = 1 + page * limit
            return _json([self.daily_item(start + k) for k in range(limit)])
        if self.mode == "surrogates":
            items = [self.daily_item(k, bad=(k == 2)) for k in range(1, 6)]
            # json.dumps escapes the surrogate as \ud800: legal JSON, not encodable as UTF-8.
            return _json(items)
        return _json([self.daily_item(k) for k in range(1, 6)] if page == 0 else [])

    def _huge_s2(self, papers: bool) -> Iterator[bytes]:
        """A Semantic Scholar page with :attr:`papers` authors (or papers) and a ``next`` that never ends."""
        yield b'{"offset": 0, "next": 100, "data": ['
        for index in range(self.papers):
            if self._stopping.is_set():
                return
            item = self.s2_papers(str(index))["data"][0] if papers else self.s2_author(str(1000 + index))
            yield (b"," if index else b"") + json.dumps(item).encode()
        yield b"]}"

    def _huge(self) -> Iterator[bytes]:
        yield b"["
        for index in range(1, self.papers + 1):
            if self._stopping.is_set():
                return
            chunk = json.dumps(self.daily_item(index), ensure_ascii=True).encode()
            yield (b"," if index > 1 else b"") + chunk
        yield b"]"


def _json(payload: Any, status: int = 200) -> tuple[int, dict[str, str], Iterator[bytes]]:
    body = json.dumps(payload, ensure_ascii=True).encode()
    return status, {"Content-Type": "application/json", "Content-Length": str(len(body))}, iter([body])


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 hostile: HostileServer, role: str) -> None:
        self.hostile = hostile
        self.role = role
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:  # http.server's naming
        hostile = self.server.hostile
        split = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            if self.server.role == "other":
                hostile.seen_by_other.append(headers)
                self._plain(200, {"Content-Type": "application/json"}, [b"[]"])
                return
            hostile.requests.append((unquote(split.path), headers))
            if hostile.mode == "slow-headers":
                self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 10**6)
                return
            status, head, body = hostile.answer(unquote(split.path), dict(parse_qsl(split.query)))
            if hostile.mode == "slow-body":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
                self._trickle(b"[" + b" " * 10**6)
                return
            self._plain(status, head, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _plain(self, status: int, head: dict[str, str], body: Iterator[bytes] | list[bytes]) -> None:
        self.send_response(status)
        chunked = "Content-Length" not in head
        for key, value in head.items():
            self.send_header(key, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        buffer = bytearray()
        for chunk in body:
            if not chunked:
                self.wfile.write(chunk)
                continue
            buffer += chunk
            if len(buffer) >= 65536:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(buffer), bytes(buffer)))
                buffer.clear()
        if chunked:
            if buffer:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(buffer), bytes(buffer)))
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _trickle(self, data: bytes) -> None:
        """Send *data* one byte per interval until the client goes or the server stops."""
        hostile = self.server.hostile
        self.close_connection = True
        for byte in data:
            if hostile._stopping.wait(hostile.interval):
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:  # signature from the base class
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakes.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="escapes")
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--interval", type=float, default=0.05)
    args = parser.parse_args(argv)
    server = HostileServer(args.mode, papers=args.papers, interval=args.interval).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"URL {server.url}", flush=True)
    while not stop.wait(0.5):
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    socket.setdefaulttimeout(None)
    sys.exit(main())
