"""The Hugging Face discussion of a paper (``/api/papers/{id}?field=comments``).

No real answer of this endpoint has been seen (API-NOTES-2 §4), so the parser
accepts the documented shape and anything near it: a ``comments`` list in the
paper object or a bare list, ``data.latest.raw`` or ``html`` or ``text`` for
the words, replies grouped under their parent by ``parentCommentId``. Hidden
comments are kept collapsed; bots are marked. Everything is sanitised here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tui.services.errors import NotFoundError
from tui.services.net.http import HttpService
from tui.services.sanitize import clean_block, clean_line

MAX_COMMENTS = 500
MAX_CHARS = 20_000
BOTS = frozenset(("librarian-bot",))
_TAGS = re.compile(r"<[^>]{0,2000}>")


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    author: str
    created_at: str
    text: str
    hidden: bool = False
    hidden_reason: str = ""
    parent_id: str = ""
    reactions: int = 0

    @property
    def is_bot(self) -> bool:
        return self.author in BOTS


def discussion_url(paper_id: str) -> str:
    return f"https://huggingface.co/papers/{paper_id}#community"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse_comment(item: Any) -> Comment | None:
    if not isinstance(item, dict):
        return None
    data = _dict(item.get("data"))
    latest = _dict(data.get("latest"))
    raw = latest.get("raw") or item.get("raw") or item.get("text") or item.get("content")
    if not isinstance(raw, str):
        html = latest.get("html") or item.get("html")
        raw = _TAGS.sub("", html) if isinstance(html, str) else ""
    text = clean_block(raw).strip()[:MAX_CHARS]
    author = _dict(item.get("author")) or _dict(latest.get("author"))
    name = clean_line(str(author.get("name") or author.get("fullname") or "someone"))[:100]
    raw_reactions = data.get("reactions")
    reactions: list[Any] = raw_reactions if isinstance(raw_reactions, list) else []
    count = sum(r.get("count", 0) for r in reactions if isinstance(r, dict) and isinstance(r.get("count"), int))
    if not text and not data.get("hidden"):
        return None
    return Comment(
        id=clean_line(str(item.get("id") or item.get("_id") or ""))[:64],
        author=name,
        created_at=clean_line(str(item.get("createdAt") or ""))[:32],
        text=text,
        hidden=data.get("hidden") is True,
        hidden_reason=clean_line(str(data.get("hiddenReason") or ""))[:40],
        parent_id=clean_line(str(data.get("parentCommentId") or item.get("parentCommentId") or ""))[:64],
        reactions=count,
    )


def parse_comments(payload: Any) -> list[Comment]:
    """Comments in thread order: each top-level comment followed by its replies."""
    items = payload if isinstance(payload, list) else _dict(payload).get("comments")
    if not isinstance(items, list):
        return []
    comments = [c for c in (parse_comment(i) for i in items[:MAX_COMMENTS]) if c is not None]
    ids = {c.id for c in comments}
    top = [c for c in comments if not c.parent_id or c.parent_id not in ids]
    ordered: list[Comment] = []
    for comment in top:
        ordered.append(comment)
        ordered.extend(r for r in comments if r.parent_id == comment.id and r is not comment)
    return ordered


def comments_to_json(comments: list[Comment]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "author": c.author, "created_at": c.created_at, "text": c.text, "hidden": c.hidden,
         "hidden_reason": c.hidden_reason, "parent_id": c.parent_id, "reactions": c.reactions}
        for c in comments
    ]


def comments_from_json(data: Any) -> list[Comment]:
    if not isinstance(data, list):
        return []
    return [Comment(**{k: item[k] for k in Comment.__slots__ if k in item})
            for item in data if isinstance(item, dict) and "text" in item]


async def fetch_comments(hub: HttpService, paper_id: str) -> list[Comment]:
    """The discussion; an empty list when the Hub has none (or no such paper)."""
    try:
        payload = await hub.get_json(
            f"/api/papers/{quote(paper_id, safe='')}", {"field": "comments"}, what=f"comments of {paper_id}"
        )
    except NotFoundError:
        return []
    return parse_comments(payload)
