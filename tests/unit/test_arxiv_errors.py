"""arXiv's own explanation of a bad request (an Atom entry titled ``Error``, sent with HTTP 400) is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.fakes.base import FakeResponse
from tests.fakes.server import FakeServer
from tui.services.errors import BadResponseError, HttpStatusError
from tui.services.net.arxiv_api import ArxivClient
from tui.services.net.http import RetryPolicy

REAL_400 = Path("/work/shared/real-payloads/arxiv/arxivpy_id_abc_s0_m100_b79c8dcf6bc3.json")


def _recorded() -> dict[str, object]:
    if not REAL_400.is_file():
        pytest.skip("the recorded arXiv payloads are not on this machine")
    return json.loads(REAL_400.read_text())


async def test_the_recorded_400_error_feed_becomes_its_message(fake_server: FakeServer) -> None:
    recorded = _recorded()
    assert recorded["status_code"] == 400
    fake_server.fail("/arxiv/query", FakeResponse.text(str(recorded["body"]), 400, "application/atom+xml"))
    async with ArxivClient(fake_server.url + "/arxiv", min_interval=0, retry=RetryPolicy(attempts=1)) as client:
        with pytest.raises(BadResponseError) as caught:
            await client.primary_categories(["2503.00507"])
    assert str(caught.value) == "arXiv: incorrect id format for abc"
    assert "returned 400" not in str(caught.value)
    assert len(fake_server.requests_to("/arxiv/query")) == 1  # a 400 is not retried


async def test_a_400_without_an_error_feed_still_says_what_happened(fake_server: FakeServer) -> None:
    fake_server.fail("/arxiv/query", FakeResponse.text("<html>bad</html>", 400))
    async with ArxivClient(fake_server.url + "/arxiv", min_interval=0, retry=RetryPolicy(attempts=1)) as client:
        with pytest.raises(HttpStatusError, match="arXiv returned 400"):
            await client.primary_categories(["2503.00507"])
