"""The bundled offline sample: real Hugging Face papers, then the seed pages' papers.

The app shows it when there is no network and nothing cached, so a first run on
an offline box still has real papers to read, labelled "Sample papers · bundled
sample". ``tui/data/sample.json`` is generated (not by the app) with::

    python tools/build_sample.py --out tui/data/sample.json

from two real recorded ``/api/daily_papers`` responses (real arXiv ids, authors,
upvotes, comments, code links) followed by the papers of the text seed pages
(local ids) and the one author profile those pages hold. See ``tools/build_sample.py``.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from tui.author_models import AuthorProfile
from tui.models import LOCAL_ID_PREFIX, Paper


def local_paper_id(title: str) -> str:
    """The stable local id of a paper without an arXiv id: ``local-`` + sha1(title)[:10]."""
    digest = hashlib.sha1(" ".join(title.split()).encode("utf-8")).hexdigest()
    return f"{LOCAL_ID_PREFIX}{digest[:10]}"


def load_sample() -> tuple[list[Paper], list[AuthorProfile]]:
    """The bundled sample (``tui/data/sample.json``) as fresh model objects.

    Returns:
        The sample papers and author profiles; both lists are new on every call,
        so callers may mutate them.
    """
    source = resources.files("tui") / "data" / "sample.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    papers = [Paper.from_dict(item) for item in data.get("papers") or ()]
    profiles = [AuthorProfile.from_dict(item) for item in data.get("author_profiles") or ()]
    return papers, profiles
