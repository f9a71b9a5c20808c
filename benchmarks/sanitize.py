"""What the one sanitiser gate costs: clean_json + parse on real Hugging Face listings.

    python benchmarks/sanitize.py

Prints milliseconds per listing page (the real 30-paper day, and that day
repeated to 100 papers) for json.loads alone, the gate alone, and the parser.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tui.services.net.hub import parse_daily_items
from tui.services.sanitize import clean_json

REAL = Path("/work/shared/real-payloads/hf/daily_2026-06-12_sotawhat.json")


def _best(func: object, repeat: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    items = json.loads(REAL.read_text(encoding="utf-8"))
    for label, page in (("30 papers (real day)", items), ("100 papers", (items * 4)[:100])):
        raw = json.dumps(page).encode()
        decoded = json.loads(raw)
        hostile = json.loads(json.dumps(page).replace("Abstract", "\\u001b[31mAbstract"))
        print(f"{label}, {len(raw) / 1024:.0f} KB:")
        print(f"  json.loads          {_best(lambda raw=raw: json.loads(raw)):7.2f} ms")
        print(f"  clean_json (clean)  {_best(lambda decoded=decoded: clean_json(decoded)):7.2f} ms")
        print(f"  clean_json (dirty)  {_best(lambda hostile=hostile: clean_json(hostile)):7.2f} ms")
        print(f"  parse_daily_items   {_best(lambda decoded=decoded: parse_daily_items(decoded)):7.2f} ms")


if __name__ == "__main__":
    main()
