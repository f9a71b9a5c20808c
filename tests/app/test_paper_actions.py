"""Pilot tests for o, p, u, b, B, c, C: links opened or shown, bookmarks, citations copied."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import bibtexparser
import pytest
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from tests.app.harness import make_app, running, settle
from tests.fakes.helpers import recorder
from tests.fakes.server import FakeServer
from tui.app import PapersApp
from tui.models import FeedKey, Paper
from tui.screens.citation_chooser import CitationChooser
from tui.screens.link_menu import LinkMenu
from tui.screens.text_modal import TextModal
from tui.services.formats import citations
from tui.services.formats.bibtex import biblatex, bibtex
from tui.services.formats.citation_keys import citation_key
from tui.services.system import clipboard
from tui.services.system.clipboard import FALLBACK_NAME, osc52_sequence
from tui.widgets.abstract_pane import AbstractPane

DAY = FeedKey("day", "2025-03-05")


def _messages(app: PapersApp) -> list[str]:
    return [n.message for n in app._notifications]


def _papers(app: PapersApp) -> list[Paper]:
    papers = [app.reader.feed.source.paper(i) for i in range(len(app.reader.feed.source))]
    return [p for p in papers if p is not None]


async def _highlight(app: PapersApp, pilot: object, paper_id: str) -> Paper:
    """Put the feed cursor on *paper_id* the way a user would (j presses)."""
    ids = [p.id for p in _papers(app)]
    for _ in range(ids.index(paper_id)):
        await pilot.press("j")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert app.reader.current is not None and app.reader.current.id == paper_id
    return app.reader.current


def _capture_writer(app: PapersApp) -> list[bytes]:
    """Make the app's terminal writer record what it would send (the headless driver has none)."""
    sent: list[bytes] = []
    app.clipboard_writer = lambda: sent.append  # type: ignore[method-assign]
    return sent


def _lines(widget: Widget) -> list[Strip]:
    """What *widget* draws, line by line."""
    return [widget.render_line(y) for y in range(widget.region.height)]


def _drawn(widget: Widget) -> str:
    return "\n".join(strip.text for strip in _lines(widget))


def _content(static: Static) -> str:
    content = static.content
    assert isinstance(content, Text)
    return content.plain


def _data_dir() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "papers-tui"


async def test_o_runs_browser_with_the_github_repo(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, record = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if p.github_repo)
        await _highlight(app, pilot, paper.id)
        await pilot.press("o")
        await settle(pilot)
        assert record.read_text().splitlines() == [paper.github_repo]
        assert not isinstance(app.screen, TextModal)
        assert any(m.startswith("opened code") for m in _messages(app))


async def test_o_uses_the_code_link_written_in_the_abstract(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, record = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(fake_server.url, FeedKey("week", "2025-W10"))
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if not p.github_repo and p.code_url)
        await _highlight(app, pilot, paper.id)
        await pilot.press("o")
        await settle(pilot)
        assert record.read_text().splitlines() == [paper.code_url]


async def test_o_over_ssh_shows_the_url_copies_it_and_launches_nothing(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A display and an xdg-open that would work locally: SSH must still win.
    _, record = recorder(tmp_path / "bin", "xdg-open")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if p.github_repo)
        await _highlight(app, pilot, paper.id)
        sent = _capture_writer(app)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, TextModal)
        assert app.screen.text == paper.github_repo
        # Drawn as a terminal hyperlink (OSC 8): the segments carry the URL as their link.
        link = app.screen.query_one("#text-link", Static)
        linked = [seg for strip in _lines(link) for seg in strip if seg.style and seg.style.link]
        assert "".join(seg.text for seg in linked) == paper.github_repo
        assert {seg.style.link for seg in linked if seg.style} == {paper.github_repo}
        note = _content(app.screen.query_one("#text-note", Static))
        assert "remote session" in note and "sent to the terminal's clipboard (OSC 52)" in note
        assert sent == [osc52_sequence(paper.github_repo, os.environ)]
        assert any("sent to the terminal's clipboard (OSC 52)" in m for m in _messages(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TextModal)
    assert not record.exists(), "a browser was started over SSH"


async def test_o_without_a_code_link_says_so(fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if not p.code_url)
        await _highlight(app, pilot, paper.id)
        await pilot.press("o")
        await settle(pilot)
        assert "no code link for this paper" in _messages(app)
        assert not isinstance(app.screen, TextModal)


async def test_p_opens_the_arxiv_page(fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script, record = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", f"{tmp_path / 'missing-browser'}{os.pathsep}{script}")
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        await pilot.press("j", "p")
        await settle(pilot)
        paper = _papers(app)[1]
        assert record.read_text().splitlines() == [f"https://arxiv.org/abs/{paper.id}"]


async def test_paper_actions_on_a_local_sample_paper_explain_the_missing_id(tmp_path: Path) -> None:
    app = make_app(None, offline=True)  # empty cache: the bundled sample, whose ids are local
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if not p.code_url and not p.has_arxiv_id)
        await _highlight(app, pilot, paper.id)
        await pilot.press("p")
        await pilot.press("u")
        await pilot.press("o")
        await settle(pilot)
        messages = _messages(app)
        assert any("no arXiv id" in m and "no paper page" in m for m in messages)
        assert any("no arXiv id" in m and "no links" in m for m in messages)
        assert "no code link for this paper" in messages
        # A citation still works: no eprint, and the notice says why.
        sent = _capture_writer(app)
        await pilot.press("c")
        await settle(pilot)
        assert len(sent) == 1
        assert any("no arXiv id" in m and "BibTeX sent" in m for m in _messages(app))


async def test_u_lists_every_link_with_linked_repos_and_opens_by_number(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, record = recorder(tmp_path / "bin")
    monkeypatch.setenv("BROWSER", str(script))
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = next(p for p in _papers(app) if fake_server.hub.papers[p.id]["linkedModels"])
        await _highlight(app, pilot, paper.id)
        await pilot.press("u")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, LinkMenu)
        urls = [link.url for link in menu.links]
        models = [m["id"] for m in fake_server.hub.papers[paper.id]["linkedModels"]]
        spaces = [s["id"] for s in fake_server.hub.papers[paper.id]["linkedSpaces"]]
        assert f"https://arxiv.org/abs/{paper.id}" in urls and f"https://arxiv.org/pdf/{paper.id}" in urls
        assert f"https://huggingface.co/{models[0]}" in urls
        assert f"https://huggingface.co/spaces/{spaces[0]}" in urls
        assert menu.query_one(OptionList).option_count == len(urls)
        assert fake_server.requests_to(f"/api/papers/{paper.id}")
        model_index = urls.index(f"https://huggingface.co/{models[0]}")
        assert model_index < 9
        await pilot.press(str(model_index + 1))
        await settle(pilot)
        assert not isinstance(app.screen, LinkMenu)
        assert record.read_text().splitlines() == [f"https://huggingface.co/{models[0]}"]
        # Arrows and enter: the second entry.
        await pilot.press("u")
        await settle(pilot)
        second = app.screen.links[1]  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert record.read_text().splitlines()[-1] == second.url
        # Escape closes without opening anything.
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, LinkMenu)
        assert len(record.read_text().splitlines()) == 2


async def test_u_offline_shows_the_papers_own_links_without_a_request(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app):
        pass
    before = len(fake_server.requests)
    offline = make_app(None, DAY, offline=True)
    async with running(offline) as pilot:
        await pilot.press("u")
        await settle(pilot)
        menu = offline.screen
        assert isinstance(menu, LinkMenu)
        assert [link.kind for link in menu.links][-3:] == ["arxiv", "pdf", "huggingface"]
        assert "offline" in _drawn(menu.query_one("#links-status", Static))
    assert len(fake_server.requests) == before


async def test_u_when_the_hub_fails_keeps_the_links_it_has(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = _papers(app)[0]
        fake_server.hub.fail(f"/api/papers/{paper.id}", *[_not_found()] * 3)
        await pilot.press("u")
        await settle(pilot)
        menu = app.screen
        assert isinstance(menu, LinkMenu)
        assert f"https://arxiv.org/abs/{paper.id}" in [link.url for link in menu.links]
        assert "no page" in _drawn(menu.query_one("#links-status", Static))


def _not_found():  # type: ignore[no-untyped-def]
    from tests.fakes.base import FakeResponse

    return FakeResponse.json({"error": "Paper not found"}, status=404)


async def test_b_toggles_the_bookmark_marker_and_star(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = await _highlight(app, pilot, _papers(app)[2].id)
        await pilot.press("b")
        await settle(pilot)
        assert paper.id in app.reader.marks.bookmarked
        assert app.session.library.is_bookmarked(paper.id)
        assert "★" in app.reader.feed.render_line(2 - app.reader.feed.top + app.reader.feed.HEADER_LINES).text[:2]
        assert "★ bookmarked" in " ".join(app.query_one(AbstractPane).plain_text().split())
        await pilot.press("b")
        await settle(pilot)
        assert paper.id not in app.reader.marks.bookmarked
        assert not app.session.library.is_bookmarked(paper.id)
        assert "★" not in app.query_one(AbstractPane).plain_text()


async def test_B_shows_bookmarks_newest_first_offline_and_b_there_removes(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        chosen = [p.id for p in _papers(app)[:4]]
        for _ in chosen:
            await pilot.press("b", "j")
        await settle(pilot)
    offline = make_app(None, DAY, offline=True)
    async with running(offline) as pilot:
        await pilot.press("B")
        await settle(pilot)
        assert offline.reader.key == FeedKey("bookmarks")
        assert [p.id for p in _papers(offline)] == chosen[::-1]
        assert "offline - local" in offline.reader.status.detail
        # b in the bookmarks view removes the highlighted one and the list follows.
        await pilot.press("j", "b")
        await settle(pilot)
        assert [p.id for p in _papers(offline)] == [chosen[3], chosen[1], chosen[0]]
        assert offline.reader.feed.cursor == 1
        assert offline.reader.current is not None and offline.reader.current.id == chosen[1]
    flagged = make_app(None, FeedKey("bookmarks"), offline=True)  # papers-tui --bookmarks --offline
    async with running(flagged):
        assert [p.id for p in _papers(flagged)] == [chosen[3], chosen[1], chosen[0]]


async def test_c_without_a_terminal_saves_the_bibtex_and_shows_it(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = await _highlight(app, pilot, _papers(app)[1].id)
        await pilot.press("c")
        await settle(pilot)
        saved = (_data_dir() / FALLBACK_NAME).read_text(encoding="utf-8")
        assert saved == bibtex(paper)
        library = bibtexparser.parse_string(saved)
        assert library.entries[0]["eprint"] == paper.id
        assert isinstance(app.screen, TextModal) and app.screen.text == saved
        assert any(m.startswith("BibTeX saved to") and FALLBACK_NAME in m for m in _messages(app))
        area = app.screen.query_one(TextArea)
        assert app.focused is area and area.selected_text == saved  # ready to copy with the keyboard
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, TextModal)


async def test_c_sends_the_bibtex_as_osc52_wrapped_for_tmux(
    fake_server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,4242,0")
    monkeypatch.setattr(clipboard, "tmux_option", lambda args, env: "on")  # a tmux with set-clipboard on
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = await _highlight(app, pilot, _papers(app)[0].id)
        sent = _capture_writer(app)
        await pilot.press("c")
        await settle(pilot)
        assert len(sent) == 1
        plain_end = sent[0].index(b"\x07") + 1
        payload = sent[0][len(b"\x1b]52;c;") : plain_end - 1]
        assert base64.b64decode(payload).decode() == bibtex(paper)
        assert sent[0][plain_end:].startswith(b"\x1bPtmux;")
        assert "BibTeX sent to the terminal's clipboard (OSC 52)" in _messages(app)
        assert not isinstance(app.screen, TextModal)
        assert not (_data_dir() / FALLBACK_NAME).exists()


async def test_C_chooser_previews_and_copies_by_letter_number_or_arrows(fake_server: FakeServer) -> None:
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = await _highlight(app, pilot, _papers(app)[0].id)
        sent = _capture_writer(app)

        def copied() -> str:
            return base64.b64decode(sent[-1][len(b"\x1b]52;c;") : -1]).decode()

        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, CitationChooser)
        preview = _content(app.screen.query_one("#citation-preview", Static))
        assert preview == bibtex(paper).rstrip("\n")
        await pilot.press("down")
        await pilot.pause()
        preview = _content(app.screen.query_one("#citation-preview", Static))
        assert preview == biblatex(paper).rstrip("\n")
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, CitationChooser)
        assert copied() == citations.apa(paper)
        assert "APA sent to the terminal's clipboard (OSC 52)" in _messages(app)

        await pilot.press("C")
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert copied() == citation_key(paper)

        await pilot.press("C")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert copied() == citations.markdown_link(paper)

        await pilot.press("C")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CitationChooser)
        assert len(sent) == 3


async def test_paper_keys_follow_the_keymap(
    fake_server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "papers-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text('[keymap]\ntoggle-bookmark = "W"\ncopy-citation = "Z"\n')
    app = make_app(fake_server.url, DAY)
    async with running(app) as pilot:
        paper = _papers(app)[0]
        sent = _capture_writer(app)
        await pilot.press("b", "c")
        await settle(pilot)
        assert not app.session.library.is_bookmarked(paper.id) and sent == []
        await pilot.press("W", "Z")
        await settle(pilot)
        assert app.session.library.is_bookmarked(paper.id) and len(sent) == 1
