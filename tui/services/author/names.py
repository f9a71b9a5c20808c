"""Which Semantic Scholar author is which name on a byline."""

from __future__ import annotations

from tui.author_models import AuthorProfile


def same_name(a: str, b: str) -> bool:
    """Equal names, ignoring case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def match_author(profiles: list[AuthorProfile], index: int, name: str) -> AuthorProfile:
    """The profile among a paper's *profiles* for the byline author *name* at *index*.

    Semantic Scholar lists hidden authors that the Hub hides, so positions can
    differ: the exact name wins, then the same surname and initial, then the
    same position when both lists have the same length; otherwise a name-only
    profile (no metrics) comes back.
    """
    exact = [p for p in profiles if same_name(p.name, name)]
    if exact:
        return exact[0] if len(exact) == 1 or index >= len(profiles) else _nearest(exact, profiles, index)
    parts = name.split()
    if parts:
        surname, initial = parts[-1].casefold(), parts[0][:1].casefold()
        for profile in profiles:
            other = profile.name.split()
            if other and other[-1].casefold() == surname and other[0][:1].casefold() == initial:
                return profile
    return AuthorProfile(name=name)


def _nearest(candidates: list[AuthorProfile], profiles: list[AuthorProfile], index: int) -> AuthorProfile:
    """Of namesakes on one byline, the one listed closest to *index*."""
    return min(candidates, key=lambda p: abs(next(i for i, q in enumerate(profiles) if q is p) - index))
