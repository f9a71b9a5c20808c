"""Property tests: parsers of untrusted input either succeed or raise our typed error."""

from __future__ import annotations

import html
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.config import load_settings
from tui.services.errors import BadResponseError
from tui.services.net.arxiv_api import parse_atom_categories
from tui.services.net.hub import parse_daily_items, parse_trending_html
from tui.services.net.scholar import parse_authors_page, parse_papers_page

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
PAPERISH = st.fixed_dictionaries(
    {"paper": st.fixed_dictionaries(
        {"id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
         "title": st.one_of(st.text(max_size=40), st.none(), st.integers()),
         "upvotes": st.one_of(st.integers(), st.text(max_size=5), st.none()),
         "authors": st.one_of(st.none(), st.lists(JSON, max_size=3),
                              st.lists(st.fixed_dictionaries({"name": st.text(max_size=10),
                                                              "hidden": st.booleans()}), max_size=3))},
    )},
    optional={"numComments": JSON, "publishedAt": st.one_of(st.text(max_size=25), st.none())},
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PAPERISH | JSON, max_size=5))
def test_hf_listing_parser(payload: list[object]) -> None:
    try:
        papers = parse_daily_items(payload)
    except BadResponseError:
        return
    for paper in papers:
        assert isinstance(paper.id, str) and paper.id and isinstance(paper.title, str)
        assert isinstance(paper.upvotes, int)


@settings(max_examples=100, deadline=None)
@given(st.one_of(JSON, st.lists(PAPERISH, max_size=3)), st.booleans())
def test_trending_html_props(props: object, escape: bool) -> None:
    raw = json.dumps({"dailyPapers": props})
    attr = html.escape(raw, quote=True) if escape else raw.replace('"', "&quot;")
    page = f'<html><body><div data-target="DailyPapers" data-props="{attr}"></div></body></html>'
    try:
        papers = parse_trending_html(page)
    except BadResponseError:
        return
    assert all(p.id and p.title for p in papers)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_trending_html_garbage(text: str) -> None:
    try:
        parse_trending_html(text)
    except BadResponseError:
        pass


ENTRY = st.builds(
    lambda ident, term, title: (
        f"<entry><id>{html.escape(ident)}</id><title>{html.escape(title)}</title>"
        f'<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{html.escape(term)}"/></entry>'
    ),
    st.text(max_size=30), st.text(max_size=12), st.text(max_size=20),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(ENTRY, max_size=4), st.booleans())
def test_atom_xml(entries: list[str], truncate: bool) -> None:
    xml = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + "".join(entries) + "</feed>"
    if truncate:
        xml = xml[: len(xml) // 2]
    try:
        found = parse_atom_categories(xml)
    except BadResponseError:
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in found.items())


@settings(max_examples=100, deadline=None)
@given(JSON)
def test_semantic_scholar_pages(body: object) -> None:
    for parse in (parse_authors_page, parse_papers_page):
        try:
            items, _ = parse(body)
        except BadResponseError:
            continue
        assert isinstance(items, list)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_config_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    settings_ = load_settings(path)
    assert isinstance(settings_.keymap, dict)
    assert all(str(path) in w for w in settings_.warnings)
