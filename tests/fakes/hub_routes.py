"""The Hugging Face part of the loopback fake: state, routes and a sample-data generator.

Payload shapes follow /work/shared/API-NOTES.md section 1. Titles and abstracts
come from the real pages in the seeds directory (``$PAPERS_TUI_SEEDS``, default
``/work/shared/seeds``), so the UI is exercised with realistic text.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import random
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from tests.fakes.base import FakeRequest, FakeResponse

DEFAULT_SEEDS = Path("/work/shared/seeds")
HUB_PREFIXES = ("/api/daily_papers", "/api/papers", "/papers")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"\d{4}-\d{2}")
_SEED_DATE = re.compile(r"[A-Z][a-z]{2} \d{1,2}(, \d{4})?( \d+)?")
_NAME = r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){1,3}"
_AUTHOR_LINE = re.compile(rf"{_NAME}(?:, {_NAME})+")
_LINK = re.compile(r"https?://github\.com/[\w.\-]+/[\w.\-]+", re.IGNORECASE)


@dataclass
class HubState:
    """Everything the fake Hub serves; mutate it freely between requests."""

    days: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """``YYYY-MM-DD`` -> raw daily items (see :func:`make_daily_item`), in listing order."""
    papers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """arXiv id -> full ``/api/papers/{id}`` answer (paper + ``linkedModels`` ...).
    Ids missing here but present in ``days`` are answered from the daily item."""
    faults: dict[str, list[FakeResponse]] = field(default_factory=dict)
    """Path prefix -> responses served (one per request, in order) instead of the real answer."""

    def fail(self, prefix: str, *responses: FakeResponse) -> None:
        """Queue *responses* for the next requests whose path starts with *prefix*."""
        self.faults.setdefault(prefix, []).extend(responses)

    def take_fault(self, path: str) -> FakeResponse | None:
        """Pop the next queued fault for *path* (longest matching prefix wins)."""
        return take_fault(self.faults, path)

    def all_items(self) -> list[dict[str, Any]]:
        """Every daily item, oldest day first, listing order within a day."""
        return [item for day in sorted(self.days) for item in self.days[day]]

    def to_json(self) -> dict[str, Any]:
        """A JSON-able snapshot (used by ``--state-file``)."""
        return {
            "days": self.days,
            "papers": self.papers,
            "faults": {
                prefix: [
                    {
                        "status": r.status,
                        "body": r.body.decode("utf-8", "replace"),
                        "headers": r.headers,
                        "delay": r.delay,
                    }
                    for r in queue
                ]
                for prefix, queue in self.faults.items()
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> HubState:
        faults = {
            prefix: [
                FakeResponse(
                    int(r.get("status", 200)),
                    str(r.get("body", "")).encode(),
                    dict(r.get("headers") or {}),
                    float(r.get("delay", 0.0)),
                )
                for r in queue
            ]
            for prefix, queue in (data.get("faults") or {}).items()
        }
        return cls(days=dict(data.get("days") or {}), papers=dict(data.get("papers") or {}), faults=faults)


def take_fault(faults: dict[str, list[FakeResponse]], path: str) -> FakeResponse | None:
    """Pop the next response queued under the longest prefix of *path*, if any."""
    prefixes = sorted(
        (p for p, queue in faults.items() if queue and path.startswith(p)), key=len, reverse=True
    )
    return faults[prefixes[0]].pop(0) if prefixes else None


# --------------------------------------------------------------------------- routes


def handle(request: FakeRequest, state: HubState) -> FakeResponse | None:
    """Answer a Hugging Face route, or None when *request* is not one."""
    path = request.path
    if not any(path == p or path.startswith(p + "/") for p in HUB_PREFIXES):
        return None
    fault = state.take_fault(path)
    if fault is not None:
        return fault
    if path == "/api/daily_papers":
        return _daily_papers(request.query, state)
    if path == "/api/papers/search":
        return _search(request.query, state)
    if path.startswith("/api/papers/"):
        return _paper_detail(path.removeprefix("/api/papers/"), state)
    if path == "/papers/trending":
        return FakeResponse.text(render_papers_page(_trending(state)[:50], heading="Trending Papers"))
    if path.startswith("/papers/"):
        return _html_listing(path.removeprefix("/papers/"), state)
    return _error(404, "Not Found")


def _error(status: int, message: str) -> FakeResponse:
    return FakeResponse.json({"error": message}, status=status)


def _daily_papers(query: Mapping[str, str], state: HubState) -> FakeResponse:
    try:
        page = int(query.get("p", "0"))
        limit = int(query.get("limit", "50"))
    except ValueError:
        return _error(400, "Invalid pagination parameters")
    if page < 0 or not 1 <= limit <= 100:
        return _error(400, "Invalid pagination parameters")
    selected = _select(query, state)
    if isinstance(selected, FakeResponse):
        return selected
    submitter = query.get("submitter")
    if submitter:
        selected = [i for i in selected if (i.get("submittedBy") or {}).get("name") == submitter]
    return FakeResponse.json(selected[page * limit : (page + 1) * limit])


def _select(query: Mapping[str, str], state: HubState) -> list[dict[str, Any]] | FakeResponse:
    """The items a listing query names, or a 400 response for a bad date/week/month."""
    if "date" in query:
        day = _parse_day(query["date"])
        if day is None:
            return _error(400, f"Invalid date: {query['date']}")
        return list(state.days.get(day.isoformat(), []))
    if "week" in query:
        days = _week_days(query["week"])
        if days is None:
            return _error(400, f"Invalid week: {query['week']}")
        return [item for d in days for item in state.days.get(d.isoformat(), [])]
    if "month" in query:
        value = query["month"]
        if not _MONTH.fullmatch(value) or _parse_day(value + "-01") is None:
            return _error(400, f"Invalid month: {value}")
        return [item for d in sorted(state.days) if d.startswith(value + "-") for item in state.days[d]]
    sort = query.get("sort", "publishedAt")
    if sort == "trending":
        return _trending(state)
    if sort != "publishedAt":
        return _error(400, f"Invalid sort: {sort}")
    # No date: the latest day that has papers, like the real front page.
    for key in sorted(state.days, reverse=True):
        if state.days[key]:
            return list(state.days[key])
    return []


def _parse_day(value: str) -> date | None:
    if not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _week_days(value: str) -> list[date] | None:
    match = _WEEK.fullmatch(value)
    if not match:
        return None
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None
    return [monday + timedelta(days=i) for i in range(7)]


def _trending(state: HubState) -> list[dict[str, Any]]:
    """Most upvoted first; newer first on ties (a stand-in for the Hub's score)."""
    items = state.all_items()
    ranked = sorted(enumerate(items), key=lambda pair: (-_upvotes(pair[1]), -pair[0]))
    return [item for _, item in ranked]


def _upvotes(item: dict[str, Any]) -> int:
    value = (item.get("paper") or {}).get("upvotes")
    return value if isinstance(value, int) else 0


def _find_item(paper_id: str, state: HubState) -> dict[str, Any] | None:
    for item in state.all_items():
        paper = item.get("paper")
        if isinstance(paper, dict) and paper.get("id") == paper_id:
            return item
    return None


def _paper_detail(paper_id: str, state: HubState) -> FakeResponse:
    if paper_id in state.papers:
        return FakeResponse.json(state.papers[paper_id])
    item = _find_item(paper_id, state)
    if item is None:
        return _error(404, "Paper not found")
    return FakeResponse.json({**item["paper"], **_linked(())})


def _search(query: Mapping[str, str], state: HubState) -> FakeResponse:
    text = query.get("q", "")
    if not text.strip():
        return _error(400, "Missing q")
    if len(text) > 250:
        return _error(400, "q is too long")
    try:
        limit = int(query.get("limit", "50"))
    except ValueError:
        return _error(400, "Invalid limit")
    if not 1 <= limit <= 120:
        return _error(400, "Invalid limit")
    needle = text.strip().lower()
    found: dict[str, dict[str, Any]] = {}
    for item in reversed(state.all_items()):
        paper = item.get("paper") or {}
        haystack = f"{paper.get('title', '')} {paper.get('summary', '')}".lower()
        paper_id = str(paper.get("id"))
        if needle in haystack and paper_id not in found:
            found[paper_id] = {
                "paper": paper,
                "numComments": item.get("numComments", 0),
                "isAuthorParticipating": item.get("isAuthorParticipating", False),
                "publishedAt": item.get("publishedAt"),
                "title": paper.get("title"),
                "summary": paper.get("summary"),
                "thumbnail": item.get("thumbnail"),
            }
    return FakeResponse.json(list(found.values())[:limit])


def _html_listing(rest: str, state: HubState) -> FakeResponse:
    """``/papers/date|week|month/...`` pages and ``/papers/{id}.md``."""
    kind, _, value = rest.partition("/")
    if kind in ("date", "week", "month") and value:
        selected = _select({kind: value}, state)
        if isinstance(selected, FakeResponse):
            return FakeResponse.text(render_error_page("Invalid date"), status=400)
        return FakeResponse.text(render_papers_page(selected, heading=f"Daily Papers {value}"))
    if rest.endswith(".md"):
        item = _find_item(rest.removesuffix(".md"), state)
        if item is None:
            return FakeResponse.text("Not found", status=404, content_type="text/plain")
        paper = item["paper"]
        return FakeResponse.text(f"# {paper['title']}\n\n{paper['summary']}\n", content_type="text/markdown")
    return FakeResponse.text(render_error_page("Not Found"), status=404)


# --------------------------------------------------------------------------- HTML


def render_papers_page(
    items: Sequence[dict[str, Any]], *, heading: str = "Daily Papers", with_props: bool = True
) -> str:
    """A server-rendered papers page shaped like the Hub's (Svelte SSR + Tailwind).

    With ``with_props=False`` the ``DailyPapers`` element has no ``data-props``,
    the "layout changed" case the client must survive.
    """
    props = {"dailyPapers": list(items), "sort": "trending", "lastDate": None}
    attr = f' data-props="{html.escape(json.dumps(props), quote=True)}"' if with_props else ""
    cards = "\n".join(
        f'<article class="relative flex flex-col overflow-hidden rounded-xl border">'
        f'<h3 class="mb-1 text-lg font-semibold leading-[1.2] hover:underline">'
        f'<a href="/papers/{html.escape(str(i["paper"].get("id", "")))}" class="line-clamp-3 cursor-pointer">'
        f"{html.escape(str(i['paper'].get('title', '')))}</a></h3></article>"
        for i in items
        if isinstance(i, dict) and isinstance(i.get("paper"), dict)
    )
    return f"""<!doctype html>
<html class="">
<head><meta charset="utf-8"><title>{html.escape(heading)} - Hugging Face</title>
<link rel="stylesheet" href="/front/build/kube-1/style.css"></head>
<body class="flex flex-col min-h-dvh bg-white dark:bg-gray-950 text-black DailyPapersPage">
<div class="flex min-h-dvh flex-col"><header class="border-b border-gray-100"></header>
<main class="flex flex-1 flex-col">
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers"{attr}>
<section class="container relative pb-12 pt-6"><h1 class="text-2xl font-bold">{html.escape(heading)}</h1>
<div class="relative grid grid-cols-1 gap-14 lg:grid-cols-2">
{cards}
</div></section></div>
</main><footer class="b-12 mb-2 flex border-t border-gray-100 md:h-14"></footer></div>
</body></html>
"""


def render_error_page(message: str) -> str:
    return f'<!doctype html><html><body><h1 class="text-5xl">{html.escape(message)}</h1></body></html>'


# --------------------------------------------------------------------------- data


def make_daily_item(
    arxiv_id: str,
    title: str,
    summary: str,
    day: date,
    *,
    authors: Sequence[str],
    upvotes: int,
    github: str | None = None,
    github_stars: int | None = None,
    hidden: Collection[int] = (),
    users: Mapping[str, str] | None = None,
    num_comments: int = 0,
    published: datetime | None = None,
    submitter: tuple[str, str] = ("akhaliq", "AK"),
    organization: str | None = None,
    project_page: str | None = None,
    ai_keywords: Sequence[str] = (),
    withdrawn: bool = False,
) -> dict[str, Any]:
    """One raw ``/api/daily_papers`` item in the documented shape.

    Args:
        arxiv_id: The paper id (``2503.01234``).
        day: The day it was added to Daily Papers (its listing day).
        authors: Author names in order.
        hidden: Indexes into *authors* marked ``hidden: true``.
        users: Author name -> Hugging Face username, for authors who claimed the paper.
        published: The arXiv date; defaults to the day before *day*.
        submitter: ``(username, fullname)`` of whoever submitted it.
    """
    users = users or {}
    submitted_at = datetime.combine(day, time(4, 12, 33), tzinfo=UTC)
    published = published or submitted_at - timedelta(days=1, hours=2)
    submitted_by = {
        "_id": _object_id("user", submitter[0]),
        "avatarUrl": f"https://cdn-avatars.huggingface.co/v1/production/uploads/{submitter[0]}.jpeg",
        "isPro": False,
        "fullname": submitter[1],
        "user": submitter[0],
        "name": submitter[0],
        "type": "user",
    }
    paper: dict[str, Any] = {
        "id": arxiv_id,
        "authors": [_author(name, index in hidden, users.get(name)) for index, name in enumerate(authors)],
        "mediaUrls": [],
        "publishedAt": _iso(published),
        "submittedOnDailyAt": _iso(submitted_at),
        "title": title,
        "submittedOnDailyBy": submitted_by,
        "summary": summary,
        "upvotes": upvotes,
        "discussionId": _object_id("discussion", arxiv_id),
        "ai_summary": summary.split(". ")[0].rstrip(".") + ".",
        "ai_keywords": list(ai_keywords),
    }
    if github:
        paper["githubRepo"] = github
        paper["githubStars"] = github_stars if github_stars is not None else 0
    if project_page:
        paper["projectPage"] = project_page
    if withdrawn:
        paper["withdrawnAt"] = _iso(submitted_at + timedelta(days=1))
    item: dict[str, Any] = {
        "paper": paper,
        "publishedAt": _iso(submitted_at),
        "title": title,
        "summary": summary,
        "mediaUrls": [],
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{arxiv_id}.png",
        "numComments": num_comments,
        "submittedBy": submitted_by,
        "isAuthorParticipating": bool(users),
    }
    if organization:
        org = {
            "_id": _object_id("org", organization),
            "name": organization.lower().replace(" ", "-"),
            "fullname": organization,
            "avatar": f"https://cdn-avatars.huggingface.co/{organization}.png",
        }
        item["organization"] = org
        paper["organization"] = org
    return item


def _author(name: str, hidden: bool, user: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"_id": _object_id("author", name), "name": name, "hidden": hidden}
    if user:
        entry["status"] = "claimed_verified"
        entry["user"] = {
            "_id": _object_id("user", user),
            "avatarUrl": f"/avatars/{user}.svg",
            "isPro": False,
            "fullname": name,
            "user": user,
            "type": "user",
        }
    return entry


def _object_id(kind: str, key: str) -> str:
    """A stable 24-hex Mongo-style id, like the Hub's ``_id`` fields."""
    return hashlib.sha1(f"{kind}:{key}".encode()).hexdigest()[:24]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


_FIRST = (
    "Kaiwen",
    "Zhuo",
    "Di",
    "Yifei",
    "Sharut",
    "Haoran",
    "Somayeh",
    "Qi",
    "Lin",
    "Zhijie",
    "Maria",
    "Ananya",
    "Lukas",
    "Sofia",
    "Tomasz",
    "Aisha",
    "Mateo",
    "Hiroshi",
    "Chloé",
    "Oluwaseun",
    "Ingrid",
    "Rahul",
    "Elena",
    "Jun",
    "Priya",
    "Björn",
)
_LAST = (
    "Hu",
    "Chen",
    "Luo",
    "Wang",
    "Gupta",
    "Xu",
    "Sojoudi",
    "Zhang",
    "Jia",
    "Ouyang",
    "García",
    "Rossi",
    "Müller",
    "Novak",
    "Kowalski",
    "Okafor",
    "Tanaka",
    "Silva",
    "Andersson",
    "Iyer",
    "Kim",
    "Nguyen",
    "Dubois",
    "Petrov",
    "Haddad",
    "Schmidt",
)
_ORGS = ("Hugging Face", "Google DeepMind", "Meta AI", "Tsinghua University", "Stanford University", "NVIDIA")
_STOP = {"with", "from", "that", "this", "their", "using", "towards", "through", "beyond", "learning"}
_FALLBACK_SEEDS = (
    (
        "Momentum Auxiliary Network for Supervised Local Learning",
        (
            "Deep neural networks conventionally employ end-to-end backpropagation for their training process, which "
            "lacks biological credibility. We propose a Momentum Auxiliary Network (MAN) that establishes a dynamic "
            "interaction mechanism. Our code is available at: https://github.com/JunhaoSu0/MAN."
        ),
    ),
    (
        "StudioGAN: A Taxonomy and Benchmark of GANs for Image Synthesis",
        (
            "Generative Adversarial Network (GAN) is one of the state-of-the-art generative models for realistic "
            "image synthesis. StudioGAN is available at https://github.com/POSTECH-CVLab/PyTorch-StudioGAN."
        ),
    ),
    (
        "Matryoshka Representation Learning",
        (
            "Learned representations are a central component in modern ML systems, serving a multitude of "
            "downstream tasks. We design Matryoshka Representation Learning to encode information at different "
            "granularities."
        ),
    ),
    (
        "Random Teachers are Good Teachers",
        (
            "In this work, we investigate the implicit regularization induced by teacher-student learning dynamics "
            "in self-distillation, using randomly initialized teachers."
        ),
    ),
)


@lru_cache(maxsize=4)
def load_seed_pairs(seed_dir: str | None = None) -> tuple[tuple[str, str], ...]:
    """(title, abstract) pairs scraped roughly from the seed pages, de-duplicated by title.

    A title is a short line whose next non-blank line is a long one (the
    abstract); on the author page an author line sits between them and is skipped.
    """
    folder = Path(seed_dir or os.environ.get("PAPERS_TUI_SEEDS") or DEFAULT_SEEDS)
    pairs: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for index in range(1, len(lines)):
            abstract = lines[index]
            if len(abstract) < 200:
                continue
            title_index = index - 1
            if lines[title_index].endswith("et al.") or _AUTHOR_LINE.fullmatch(lines[title_index]):
                title_index -= 1
            title = lines[title_index] if title_index >= 0 else ""
            if _SEED_DATE.fullmatch(title) or title.endswith(".") or not 10 <= len(title) < 300:
                continue  # a page's date line, or an abstract line that is not a title
            if title not in pairs:
                pairs[title] = abstract
    return tuple(pairs.items()) or _FALLBACK_SEEDS


def make_dataset(days: int, per_day: int, start: date, seed: int = 0) -> HubState:
    """A deterministic Hub with *per_day* papers on each weekday from *start*.

    Weekends are empty. About a third of the papers have ``githubRepo``; some
    others carry their GitHub link only in the abstract; every fourth has a
    hidden author; every other has linked models/datasets/Spaces.
    """
    rng = random.Random(seed)
    seeds = load_seed_pairs()
    state = HubState()
    serial: dict[str, int] = {}
    counter = 0
    for offset in range(days):
        day = start + timedelta(days=offset)
        items: list[dict[str, Any]] = []
        state.days[day.isoformat()] = items
        if day.weekday() >= 5:
            continue
        for _ in range(per_day):
            title, summary = seeds[(counter + seed) % len(seeds)]
            published = datetime.combine(day, time(17, 59), tzinfo=UTC) - timedelta(days=rng.randint(1, 3))
            month = published.strftime("%y%m")
            serial[month] = serial.get(month, rng.randint(100, 900)) + rng.randint(1, 40)
            arxiv_id = f"{month}.{serial[month]:05d}"
            in_abstract = _LINK.search(summary)
            if in_abstract:
                # Half keep the link only in the abstract (the Paper.code_url fallback case).
                github = in_abstract.group(0).rstrip(".") if counter % 2 else None
            else:
                github = (
                    f"https://github.com/{rng.choice(_LAST).lower()}-lab/{_slug(title)}"
                    if counter % 3 == 0
                    else None
                )
            authors = _author_names(rng)
            hidden = {len(authors) - 1} if counter % 4 == 3 and len(authors) > 1 else set()
            users = {authors[0]: _username(authors[0])} if counter % 5 == 0 else {}
            item = make_daily_item(
                arxiv_id,
                title,
                summary,
                day,
                authors=authors,
                upvotes=int(rng.paretovariate(1.1) * 4) - 3,
                github=github,
                github_stars=rng.randint(0, 3000) if github else None,
                hidden=hidden,
                users=users,
                num_comments=rng.randint(0, 6),
                published=published,
                organization=_ORGS[counter % len(_ORGS)] if counter % 6 == 0 else None,
                project_page=f"https://{_slug(title)}.github.io" if counter % 7 == 0 else None,
                ai_keywords=_keywords(title),
            )
            items.append(item)
            state.papers[arxiv_id] = {**item["paper"], **_linked(_linked_names(title, counter))}
            counter += 1
    return state


def _linked(names: Sequence[str]) -> dict[str, Any]:
    models = [
        {"id": f"{n}/{n.split('-')[0]}-base", "author": n, "downloads": 1000 + 37 * i, "likes": 5 + i}
        for i, n in enumerate(names)
    ]
    datasets = [
        {"id": f"{n}/{n.split('-')[0]}-data", "author": n, "downloads": 200 + i}
        for i, n in enumerate(names[:1])
    ]
    spaces = [{"id": f"{n}/demo", "author": n, "title": "Demo", "likes": 3} for n in names[:1]]
    return {
        "linkedModels": models,
        "linkedDatasets": datasets,
        "linkedSpaces": spaces,
        "numTotalModels": len(models),
        "numTotalDatasets": len(datasets),
        "numTotalSpaces": len(spaces),
    }


def _linked_names(title: str, counter: int) -> list[str]:
    if counter % 2:
        return []
    slug = _slug(title)
    return [f"{slug}-lab", f"{slug}-community"] if counter % 4 == 0 else [f"{slug}-lab"]


def _author_names(rng: random.Random) -> list[str]:
    count = rng.choice((1, 2, 3, 3, 4, 5, 6, 8, 11))
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in names:
            names.append(name)
    return names


def _username(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())[:20] or "user"


def _slug(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title.split(":")[0])
    return "-".join(words[:3]).lower() or "paper"


def _keywords(title: str) -> list[str]:
    words = [w.strip(":,?").lower() for w in title.split()]
    return list(dict.fromkeys(w for w in words if len(w) > 4 and w not in _STOP))[:4]
