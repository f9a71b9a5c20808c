"""How an author and their papers are drawn, in the sidebar and on the full-screen authors view.

Pure functions from models to Rich :class:`~rich.text.Text` (built from text,
never parsed as markup): the profile head, one line per author with its
metrics (the full-screen list), one paper of the author, a papers-per-year
sparkline. Everything from the network passes the sanitiser here.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from tui.author_models import AuthorPaper, AuthorProfile
from tui.models import short_author_list
from tui.services.sanitize import clean_block, clean_line

_BLOCKS = " ▁▂▃▄▅▆▇█"


def sparkline(counts: list[int]) -> str:
    """One block character per value, scaled to the largest; zero is a blank."""
    top = max(counts, default=0)
    if top <= 0:
        return " " * len(counts)
    return "".join(_BLOCKS[0 if c <= 0 else max(1, round(c / top * 8))] for c in counts)


def year_chart(profile: AuthorProfile, width: int) -> Text | None:
    """``2021 ▅▁▅██ 2025  papers/yr`` for the most recent years that fit *width*."""
    from tui.services.author.papers import papers_per_year  # the sidebar mounts lazily; so does this

    years = papers_per_year(profile)
    if not years:
        return None
    room = max(1, width - 10)
    years = years[-room:]
    counts = [count for _, count in years]
    chart = Text()
    chart.append(f"{years[0][0]} ", style="dim")
    chart.append(sparkline(counts), style="cyan")
    if len(years) > 1:
        chart.append(f" {years[-1][0]}", style="dim")
    suffix = f"  papers/yr, max {max(counts)}"
    if chart.cell_len + len(suffix) <= width:
        chart.append(suffix, style="dim")
    return chart


def _number(value: int | None) -> str:
    return f"{value:,}" if value is not None else "?"


def has_metrics(profile: AuthorProfile) -> bool:
    """True when Semantic Scholar gave any of h-index, paper count, citation count."""
    return any(v is not None for v in (profile.h_index, profile.paper_count, profile.citation_count))


def metric_groups(profile: AuthorProfile) -> list[Text]:
    """``[cs.LG]``, ``h-index 14``, ``6 papers``, ``85 citations``: the pieces a line may wrap between."""
    groups: list[Text] = []
    if profile.main_category:
        groups.append(Text(f" {clean_line(profile.main_category)} ", style="bold reverse"))
    if has_metrics(profile):
        for before, value, after in (
            ("h-index ", profile.h_index, ""),
            ("", profile.paper_count, " papers"),
            ("", profile.citation_count, " citations"),
        ):
            group = Text(before, style="dim")
            group.append(_number(value), style="bold")
            group.append(after, style="dim")
            groups.append(group)
    return groups


def wrap_groups(groups: list[Text], width: int, indent: str = "") -> list[Text]:
    """*groups* joined by `` · `` into lines of at most *width* cells, never splitting a group."""
    lines: list[Text] = []
    line = Text(indent)
    for group in groups:
        empty = line.plain == indent
        sep = "" if empty else ("  " if line.plain.endswith(" ") else " · ")
        if not empty and line.cell_len + len(sep) + group.cell_len > width:
            lines.append(line)
            line, sep = Text(indent), ""
        if sep:
            line.append(sep, style="dim")
        line.append_text(group)
    if line.plain != indent:
        lines.append(line)
    return lines


def render_head(profile: AuthorProfile, width: int = 40) -> Text:
    """Name, affiliation, main category and metrics, and the per-year chart."""
    head = Text(clean_line(profile.name) or "(no name)", style="bold")
    if profile.affiliations:
        head.append("\n" + "; ".join(clean_line(a) for a in profile.affiliations[:2]), style="italic dim")
    # Wrap between groups only, so "320 citations" never splits across lines.
    for line in wrap_groups(metric_groups(profile), width):
        head.append("\n")
        head.append_text(line)
    chart = year_chart(profile, width)
    if chart is not None:
        head.append("\n")
        head.append_text(chart)
    return head


def render_author_line(name: str, profile: AuthorProfile | None, width: int, note: str = "") -> Text:
    """One author of the byline: the name, then its metrics (or *note*) indented below.

    *profile* None means nothing is known yet (``…``); a profile without
    metrics shows *note*, or says Semantic Scholar gave none.
    """
    line = Text(clean_line(name) or "(no name)", style="bold")
    groups = metric_groups(profile) if profile is not None else []
    if groups:
        # Category and h-index, then papers and citations: the same two rows for every author.
        split = len(groups) - 2 if profile is not None and has_metrics(profile) else len(groups)
        for row in (groups[:split], groups[split:]):
            for part in wrap_groups(row, max(12, width), indent="  "):
                line.append("\n")
                line.append_text(part)
        if note:
            line.append(f"\n  {note}", style="dim italic")
        return line
    shown = note or ("…" if profile is None else "no Semantic Scholar metrics")
    line.append(f"\n  {shown}", style="dim italic")
    return line


def _day(item: AuthorPaper) -> str:
    if item.date:
        try:
            return date.fromisoformat(item.date).strftime("%d %b %Y")
        except ValueError:
            return item.date
    return str(item.year) if item.year else "undated"


def render_paper(item: AuthorPaper, *, expanded: bool = False) -> Text:
    """A paper line: category, date, Code marker; title; ``A, B, C et al.``; abstract when *expanded*."""
    from tui.services.formats.texmath import tex_to_unicode

    text = Text()
    text.append(clean_line(item.category) or "—", style="bold cyan")
    text.append(f"  {_day(item)}", style="dim")
    if item.has_code:
        text.append("  Code", style="bold green")
    text.append("\n" + tex_to_unicode(clean_line(item.title)), style="bold")
    names = short_author_list([clean_line(n) for n in item.authors])
    if names:
        text.append("\n" + names, style="italic dim")
    if expanded:
        abstract = tex_to_unicode(clean_block(item.abstract)).strip() or "No abstract."
        text.append("\n\n" + abstract)
        text.append("\n\nenter again: the author's papers as a feed (o b c … work there)", style="dim italic")
    return text
