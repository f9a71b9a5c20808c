"""HF paper Markdown and the tolerant comments parser."""

from __future__ import annotations

from tui.services.net.hf_comments import parse_comments
from tui.services.paper.hf_markdown import inline_spans, is_html, parse_markdown


def test_markdown_blocks_and_inline_styles() -> None:
    doc = parse_markdown(
        "---\ntitle: x\n---\n# The Title\n\nText with **bold**, *it*, `c`, $\\alpha^2$ and [a](https://e.org).\n\n"
        "## 2.1 Method\n\n- one\n  - nested\n1. first\n\n```\nx = 1\n```\n\n$$\\frac{a}{b}$$\n\n"
        "| h1 | h2 |\n|---|---|\n| a | b |\n\n> quoted\n\n![cap](https://e.org/f.png)\n",
        "2501.1",
    )
    assert doc.title == "The Title"
    kinds = [(b.kind, b.label, b.level) for b in doc.blocks]
    assert kinds == [("paragraph", "", 0), ("heading", "2.1", 1), ("item", "•", 0), ("item", "•", 1),
                     ("item", "1.", 0), ("listing", "", 0), ("equation", "", 0), ("table", "", 0),
                     ("quote", "", 0), ("figure", "", 0)]
    styles = [(s.text, s.style) for s in doc.blocks[0].spans if s.style]
    assert styles == [("bold", "b"), ("it", "i"), ("c", "code"), ("α²", "math"), ("a", "link")]
    assert doc.blocks[6].lines == ["a/b"] and doc.blocks[7].rows == [["h1", "h2"], ["a", "b"]]
    assert doc.blocks[9].url == "https://e.org/f.png"


def test_html_is_not_markdown_and_escapes_are_stripped() -> None:
    assert is_html("  <!DOCTYPE html><html>") and is_html("<html lang=en>") and not is_html("# Title")
    spans = inline_spans("safe \x1b[31mred\x1b[0m")
    assert "".join(s.text for s in spans) == "safe \x1b[31mred\x1b[0m"  # inline_spans runs after cleaning
    doc = parse_markdown("# T\n\nsafe \x1b[31mred\x1b]52;c;eA==\x07 text\n", "x")
    assert doc.blocks[0].text == "safe red text"


def test_comments_documented_shape_threads_and_hidden() -> None:
    payload = {"comments": [
        {"id": "c1", "createdAt": "2026-01-01T00:00:00Z", "type": "comment",
         "author": {"name": "akhaliq"}, "data": {"latest": {"raw": "Code: https://github.com/x/y"},
                                                  "reactions": [{"reaction": "fire", "count": 3}]}},
        {"id": "c2", "author": {"name": "librarian-bot"}, "data": {"latest": {"html": "<p>Similar <b>papers</b></p>"}}},
        {"id": "r1", "author": {"name": "bob"}, "data": {"latest": {"raw": "a reply"}, "parentCommentId": "c1"}},
        {"id": "h1", "author": {"name": "spam"}, "data": {"hidden": True, "hiddenReason": "Spam"}},
        "not a comment", {"id": "e", "data": {"latest": {}}},
    ]}
    comments = parse_comments(payload)
    assert [c.id for c in comments] == ["c1", "r1", "c2", "h1"]
    assert comments[0].reactions == 3 and comments[2].text == "Similar papers" and comments[2].is_bot
    assert comments[3].hidden and comments[3].hidden_reason == "Spam"
    assert parse_comments({"title": "no comments key"}) == [] and parse_comments(None) == []
