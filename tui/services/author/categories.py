"""arXiv primary categories for every author on screen, in as few requests as arXiv's 3 s rule allows.

Each author's profile asks for its papers' categories; a :class:`CategoryBatcher`
puts the ids of every author of a paper into the same requests (100 ids each,
spaced by the :class:`~tui.services.net.arxiv_api.ArxivClient`), so five authors cost
a few requests instead of one or more each, paid in series. Categories never
change, so every answer is remembered.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence

from tui.services.errors import ServiceError
from tui.services.net.arxiv_api import ArxivClient

GATHER_SECONDS = 0.05
"""How long a request waits for more ids when nobody said more are coming."""
MAX_HOLD_SECONDS = 1.5
"""How long a request may wait for the authors :meth:`CategoryBatcher.expect` announced."""
MAX_REMEMBERED = 50_000


class CategoryBatcher:
    """Shared arXiv category look-ups: callers await their ids; one runner sends the requests."""

    def __init__(self, arxiv: ArxivClient, *, gather: float = GATHER_SECONDS) -> None:
        self.arxiv = arxiv
        self.gather = gather
        self.problem: ServiceError | None = None
        """The last failed request (its ids read as unknown and may be asked again later)."""
        self.requests = 0
        """Requests sent (for the benchmarks and tests)."""
        self._known: dict[str, str] = {}
        self._waiting: dict[str, asyncio.Future[str]] = {}
        self._queue: list[str] = []
        self._runner: asyncio.Task[None] | None = None
        self._expected: set[str] = set()
        self._changed = asyncio.Event()

    def expect(self, producers: set[str]) -> None:
        """Ids from these producers (author ids) are on their way: hold the next request for them.

        Each is crossed off when it asks (:meth:`categories` with ``producer=``) or
        calls :meth:`done`; a request never waits longer than :data:`MAX_HOLD_SECONDS`.
        """
        self._expected |= producers

    def done(self, producer: str) -> None:
        """*producer* will ask for nothing (more)."""
        if producer in self._expected:
            self._expected.discard(producer)
            self._changed.set()

    async def categories(self, ids: Sequence[str], *, producer: str | None = None) -> dict[str, str]:
        """``{arxiv_id: "cs.LG"}`` for the *ids* arXiv knows; unknown ids and failures are left out."""
        wanted = list(dict.fromkeys(i for i in ids if i))
        loop = asyncio.get_running_loop()
        pending: dict[str, asyncio.Future[str]] = {}
        for arxiv_id in wanted:
            if arxiv_id in self._known:
                continue
            future = self._waiting.get(arxiv_id)
            if future is None:
                future = loop.create_future()
                self._waiting[arxiv_id] = future
                self._queue.append(arxiv_id)
            pending[arxiv_id] = future
        if producer is not None:
            self._expected.discard(producer)
        self._changed.set()
        if self._queue and (self._runner is None or self._runner.done()):
            self._runner = asyncio.create_task(self._run(), name="arxiv-categories")
        if pending:
            # Shielded: a caller that gives up (the user moved on) leaves the answer for the others.
            await asyncio.gather(*(asyncio.shield(f) for f in pending.values()))
        answers = {i: pending[i].result() if i in pending else self._known.get(i, "") for i in wanted}
        return {i: term for i, term in answers.items() if term}

    async def _hold(self) -> None:
        """Wait for a full request's worth of ids, or for every announced producer, within limits."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + MAX_HOLD_SECONDS
        await asyncio.sleep(self.gather)
        while self._expected and len(self._queue) < self.arxiv.batch_size:
            left = deadline - loop.time()
            if left <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                break

    async def _run(self) -> None:
        while self._queue:
            await self.arxiv.wait_turn()  # ids that arrive meanwhile still make this request
            await self._hold()
            size = self.arxiv.batch_size
            batch, self._queue = self._queue[:size], self._queue[size:]
            try:
                found = await self.arxiv.primary_categories(batch)
                failed = False
            except ServiceError as error:
                found, failed, self.problem = {}, True, error
            finally:
                self.requests += 1
            if len(self._known) > MAX_REMEMBERED:
                self._known.clear()
            for arxiv_id in batch:
                if not failed:
                    self._known[arxiv_id] = found.get(arxiv_id, "")
                future = self._waiting.pop(arxiv_id, None)
                if future is not None and not future.done():
                    future.set_result(found.get(arxiv_id, ""))

    async def aclose(self) -> None:
        """Stop the runner; whoever still waits gets no category."""
        if self._runner is not None and not self._runner.done():
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        for future in self._waiting.values():
            if not future.done():
                future.set_result("")
        self._waiting.clear()
        self._queue.clear()
