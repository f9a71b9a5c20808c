"""The Hugging Face discussion of a paper, read-only (cache first, then the Hub)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.services.errors import ServiceError
from tui.services.net.hf_comments import (
    Comment,
    comments_from_json,
    comments_to_json,
    discussion_url,
    fetch_comments,
)
from tui.services.net.http import HttpService
from tui.services.paper.reading import Reading


def render_comments(comments: list[Comment], paper_id: str) -> Text:
    text = Text()
    if not comments:
        text.append("No comments here. ", style="dim")
    for comment in comments:
        indent = "    " if comment.parent_id else ""
        text.append(f"{indent}{comment.author}", style="bold cyan" if not comment.is_bot else "dim")
        text.append(f"  {comment.created_at[:10]}", style="dim")
        if comment.reactions:
            text.append(f"  +{comment.reactions}", style="yellow")
        text.append("\n")
        if comment.hidden:
            text.append(f"{indent}(hidden: {comment.hidden_reason or 'by a moderator'})\n\n", style="dim italic")
            continue
        body = comment.text if not comment.is_bot else comment.text[:300] + ("…" if len(comment.text) > 300 else "")
        for line in body.splitlines():
            text.append(f"{indent}{line}\n", style="dim" if comment.is_bot else "")
        text.append("\n")
    text.append(f"View on huggingface.co: {discussion_url(paper_id)}", style="underline")
    return text


class DiscussionModal(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,d", "dismiss", "Close", id="discussion-close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]
    DEFAULT_CSS = """
    DiscussionModal { align: center middle; }
    DiscussionModal > Vertical { width: 100; max-width: 95%; height: 80%; border: round $accent;
                                 background: $surface; padding: 0 1; }
    """

    def __init__(self, paper_id: str, reading: Reading, hub: HttpService, *, offline: bool) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.reading = reading
        self.hub = hub
        self.offline = offline

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Discussion · {self.paper_id}"
            box.border_subtitle = "esc to close"
            with VerticalScroll(id="discussion-scroll"):
                yield Static(Text("loading the discussion…", style="dim"), id="discussion-body")

    def on_mount(self) -> None:
        cached = self.reading.cache.comments(self.paper_id)
        if cached is not None:
            self._show(comments_from_json(cached.value))
            if cached.fresh or self.offline:
                return
        elif self.offline:
            self._show([], note="offline and the discussion is not cached. ")
            return
        self.load()

    def _show(self, comments: list[Comment], note: str = "") -> None:
        text = Text(note, style="yellow") if note else Text()
        text.append_text(render_comments(comments, self.paper_id))
        self.query_one("#discussion-body", Static).update(text)

    @work(exclusive=True, group="discussion", exit_on_error=False)
    async def load(self) -> None:
        try:
            comments = await fetch_comments(self.hub, self.paper_id)
        except ServiceError as error:
            self._show([], note=f"{error}. ")
            return
        try:
            self.reading.cache.put_comments(self.paper_id, comments_to_json(comments))
        except Exception:  # noqa: BLE001, S110 - shown anyway; caching is a bonus
            pass
        self._show(comments)

    def action_scroll(self, step: int) -> None:
        self.query_one("#discussion-scroll", VerticalScroll).scroll_relative(y=step, animate=False)
