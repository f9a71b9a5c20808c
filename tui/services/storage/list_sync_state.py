"""What list sync remembers between runs, in ``collections-sync.json`` (user data dir).

Per linked list: the collection (slug, its stable 24-hex id, owner), whether
the user has confirmed a first remote-changing sync, and the **base**: for
every paper both sides last agreed on, the note as it is here, the note as the
collection holds it (maybe cut), and the item's ``_id``. A three-way merge of
the library, the collection and this base tells who changed what. The base is
saved after every single change, so a sync cut at any point resumes where it
stopped, and nothing is applied twice.

No token is ever written here. The file is written atomically (0600).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.services.lists.local import ListStoreError, file_lock, read_json, write_json_atomic

STATE_FILE = "collections-sync.json"
VERSION = 1


@dataclass(slots=True)
class BaseEntry:
    local: str = ""
    """The local note at the last agreement."""
    remote: str = ""
    """The collection's note text at the last agreement (cut when the local one is long)."""
    item_id: str = ""
    """The collection item's ``_id`` ("" until known)."""

    def to_json(self) -> dict[str, str]:
        return {"local": self.local, "remote": self.remote, "item": self.item_id}

    @classmethod
    def from_json(cls, data: Any) -> BaseEntry:
        data = data if isinstance(data, dict) else {}
        return cls(*(data.get(k) if isinstance(data.get(k), str) else "" for k in ("local", "remote", "item")))


@dataclass(slots=True)
class Link:
    """One local list linked to one collection."""

    slug: str
    owner: str
    url: str
    """``huggingface.co/collections/owner/slug`` for messages."""
    confirmed: bool = False
    """The user has seen and accepted a plan that changes the collection."""
    base: dict[str, BaseEntry] = field(default_factory=dict)
    last_sync: str = ""
    """ISO time of the last sync that finished."""
    last_error: str = ""
    """Why the last sync stopped early ("" when it finished)."""
    queued: list[str] = field(default_factory=list)
    """Changes the last sync could not push (``add 2501.01234`` ...), for status displays."""
    unknown: list[str] = field(default_factory=list)
    """Papers Hugging Face refused as unknown at the last sync (kept locally)."""

    @property
    def collection_id(self) -> str:
        return self.slug[-24:]

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug, "owner": self.owner, "url": self.url, "confirmed": self.confirmed,
            "base": {k: v.to_json() for k, v in sorted(self.base.items())},
            "last_sync": self.last_sync, "last_error": self.last_error, "queued": self.queued,
            "unknown": self.unknown,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Link:
        base = data.get("base") if isinstance(data.get("base"), dict) else {}
        assert isinstance(base, dict)
        return cls(
            slug=str(data.get("slug", "")), owner=str(data.get("owner", "")), url=str(data.get("url", "")),
            confirmed=data.get("confirmed") is True,
            base={str(k): BaseEntry.from_json(v) for k, v in base.items()},
            last_sync=str(data.get("last_sync") or ""), last_error=str(data.get("last_error") or ""),
            queued=[str(q) for q in data.get("queued") or [] if isinstance(q, str)],
            unknown=[str(q) for q in data.get("unknown") or [] if isinstance(q, str)],
        )


class SyncState:
    """The links, loaded from and saved to :data:`STATE_FILE`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / STATE_FILE
        self.lock_path = data_dir / f".{STATE_FILE}.lock"
        self.links: dict[str, Link] = {}

    def load(self) -> SyncState:
        """Read the file (a missing one is an empty state).

        Raises:
            ListStoreError: damaged file, or written by a newer papers-tui.
        """
        data = read_json(self.path)
        if data is None:
            self.links = {}
            return self
        version = data.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise ListStoreError(f"{self.path} was written by a newer papers-tui; upgrade to sync")
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        assert isinstance(links, dict)
        self.links = {str(k): Link.from_json(v) for k, v in links.items() if isinstance(v, dict) and v.get("slug")}
        return self

    def save(self) -> None:
        write_json_atomic(self.path, {"version": VERSION, "links": {k: v.to_json() for k, v in self.links.items()}})

    def locked(self) -> Any:
        """Hold while syncing: one sync at a time per data dir (others get a clear message)."""
        return file_lock(self.lock_path)

    def link_of(self, name: str) -> Link | None:
        return self.links.get(name)

    def linked_to(self, slug: str) -> str | None:
        """The list already linked to the collection with *slug*'s id, if any."""
        for name, link in self.links.items():
            if link.collection_id == slug[-24:]:
                return name
        return None
