"""Terminal cell widths, and tables drawn as text (for :mod:`tui.services.paper.layout`).

Pure and Textual-free. A table keeps its own width (the paper view scrolls
sideways for a wide one); a cell spanning columns (``colspan``, marked by
:data:`~tui.services.paper.model.SPANNED`) is drawn across them.
"""

from __future__ import annotations

import unicodedata

from tui.services.paper.model import SPANNED, Block

Run = tuple[str, str, str]
"""(text, style, target): styles are the span styles plus ``h1 h2 h3 title meta notice dim label rule``."""
MAX_CELL = 40
"""Widest a table column gets before its cells are cut with …"""


def cell_len(text: str) -> int:
    """Terminal cells *text* takes (wide CJK counts 2, combining marks 0)."""
    if text.isascii():
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def cut_cells(text: str, cells: int) -> str:
    """The longest start of *text* that fits in *cells* (at least one character)."""
    if text.isascii():
        return text[: max(1, cells)]
    end = 0
    while end < len(text) and cell_len(text[: end + 1]) <= cells:
        end += 1
    return text[: max(1, end)]


def _cells(row: list[str], columns: int) -> list[tuple[int, int, str]]:
    """(first column, columns spanned, text) of each cell of *row* (``SPANNED`` cells join the one before)."""
    cells: list[tuple[int, int, str]] = []
    for col in range(columns):
        text = row[col] if col < len(row) else ""
        if text == SPANNED and cells:
            first, span, shown = cells[-1]
            cells[-1] = (first, span + 1, shown)
        else:
            cells.append((col, 1, "" if text == SPANNED else text))
    return cells


def table_lines(block: Block) -> list[list[Run]]:
    """The lines of a table block: header, rule, rows; columns as wide as their widest cell (up to MAX_CELL)."""
    rows = block.rows
    if not rows:
        return []
    out: list[list[Run]] = []
    columns = max(len(row) for row in rows)
    widths = [0] * columns
    laid = [_cells(row, columns) for row in rows]
    for cells in laid:
        for col, span, text in cells:
            if span == 1:
                widths[col] = min(MAX_CELL, max(widths[col], cell_len(text)))
    for cells in laid:  # a spanning cell wider than its columns widens them
        for col, span, text in cells:
            room = sum(widths[col : col + span]) + 3 * (span - 1)
            need = min(MAX_CELL * span, cell_len(text))
            if span > 1 and need > room:
                extra = need - room
                for offset in range(span):  # shared out, the remainder to the last column
                    widths[col + offset] += extra // span + (extra % span if offset == span - 1 else 0)

    def fit(cell: str, size: int) -> str:
        if cell_len(cell) > size:
            cut = cell
            while cut and cell_len(cut) > size - 1:
                cut = cut[:-1]
            return cut + "…"
        return cell + " " * (size - cell_len(cell))

    # Under the header: ┼ where the header has a column border too, ┬ where a header cell spans it.
    header_borders = {col for col, _, _ in laid[0]}
    rule = "  " + "".join(("─┼─" if col in header_borders else "─┬─") * bool(col) + "─" * width
                          for col, width in enumerate(widths))
    for number, cells in enumerate(laid):
        style = "b" if number == 0 else ""
        runs: list[Run] = [("  ", "", "")]
        for col, span, text in cells:
            if col:
                runs.append((" │ ", "dim", ""))
            runs.append((fit(text, sum(widths[col : col + span]) + 3 * (span - 1)), style, ""))
        out.append(runs)
        if number == 0 and len(rows) > 1:
            out.append([(rule, "dim", "")])
    return out
