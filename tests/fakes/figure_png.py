"""A small real PNG for the fake's figure images, written with the standard library (zlib + struct).

No real arXiv figure image is recorded in ../shared/real-payloads/, so the loopback fake serves this
one for every ``/arxiv-html/html/{id}v{n}/{file}.png`` (the shape of a LaTeXML ``<img src>``): a
valid PNG (signature, IHDR, IDAT, IEND with CRCs) that Pillow decodes, drawn as a little plot.
"""

from __future__ import annotations

import struct
import zlib

WIDTH, HEIGHT = 96, 72


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _pixel(x: int, y: int) -> tuple[int, int, int]:
    if x in (8, 9) or y in (HEIGHT - 9, HEIGHT - 10):
        return (40, 40, 40)  # the axes
    curve = HEIGHT - 12 - (x - 10) * (x - 10) // 140
    if abs(y - curve) <= 1 and x > 10:
        return (200, 30, 30)
    return (255, 255, 255)


def png(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """The PNG file's bytes (8-bit RGB, no interlace)."""
    rows = b"".join(
        b"\x00" + bytes(channel for x in range(width) for channel in _pixel(x % WIDTH, y % HEIGHT))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 9))
            + _chunk(b"IEND", b""))


PNG = png()
