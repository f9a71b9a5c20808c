"""``I`` in the paper view: the figure on screen, as an image where the terminal can draw one.

The overlay always shows the caption and the image's link (``o`` / ``enter``
opens it the SSH-aware way, which shows and copies it where no browser can
be started). Where :mod:`tui.image_terminal` found Sixel or Kitty graphics
(and ``papers-tui[images]`` is installed), the image is fetched in a worker
through :class:`~tui.services.paper.figure_images.FigureImages` (cached on disk,
so it shows offline after one view), decoded in a thread and drawn by
textual-image. Elsewhere one line says why there is no picture. Nothing
here raises onto the screen: every failure is that one line.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tui.image_terminal import ImageSupport, current
from tui.services.paper.figure_images import FigureError, FigureImage, FigureImages
from tui.services.paper.model import Block, Document

if TYPE_CHECKING:
    from tui.widgets.document_view import DocumentView

MAX_PIXELS = 40_000_000
"""A bigger image is refused before it is decoded (a decompression bomb would stall the reader)."""
Opener = Callable[[str, str], None]


def figure_urls(block: Block) -> list[str]:
    """Every image URL of a figure block (the first, then the subfigures')."""
    return [url for url in [block.url, *block.lines] if url] if block.url else []


def figure_in_view(view: DocumentView) -> tuple[Block, int] | None:
    """The figure to show: the one whose image link has the focus, else the first one on screen,
    else the next one below. Returns (block, which of its images)."""
    document: Document | None = view.document
    layout = view.text_layout
    if document is None or layout is None or not layout.lines:
        return None

    def figure(index: int) -> Block | None:
        if 0 <= index < len(document.blocks):
            block = document.blocks[index]
            if block.kind == "figure" and block.url:
                return block
        return None

    spot = view.focus_link
    if spot is not None and 0 <= spot.line < len(layout.lines):
        block = figure(layout.lines[spot.line].block)
        if block is not None:
            urls = figure_urls(block)
            return block, urls.index(spot.target) if spot.target in urls else 0
    top = view.top_line
    height = max(1, view.scrollable_content_region.height)
    for number in range(top, len(layout.lines)):
        block = figure(layout.lines[number].block)
        if block is not None:
            return block, 0
        if number >= top + height and layout.partial:
            break  # the rest of a long paper is still being laid out
    return None


def decode(data: bytes) -> Any:
    """The decoded PIL image (in a thread); raises FigureError for what Pillow cannot or should not read."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise FigureError(f"the image is {width}×{height} pixels: too large to draw here")
        image.load()
    except FigureError:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise FigureError(f"the image could not be read ({type(error).__name__})") from error
    return image


def renderer_widget(renderer: str, image: Any) -> Widget:
    """textual-image's widget for *renderer* (``sixel``, ``tgp``, ``halfcell``) showing *image*."""
    from textual_image import widget

    kinds: dict[str, Any] = {"sixel": widget.SixelImage, "tgp": widget.TGPImage, "halfcell": widget.HalfcellImage}
    made: Widget = kinds[renderer](image, id="figure-picture")
    return made


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < 1024 else f"{count / 1024:,.0f} kB"


class FigureScreen(ModalScreen[None]):
    """One figure: caption, link, and the picture when this terminal can draw it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,I", "close", "Close", id="figure-close"),
        Binding("o,enter", "open_link", "Open link", id="figure-open-link"),
        Binding("n,right,l", "step(1)", "Next image", id="figure-next-image", show=False),
        Binding("p,left,h", "step(-1)", "Previous image", id="figure-previous-image", show=False),
    ]
    DEFAULT_CSS = """
    FigureScreen { align: center middle; }
    FigureScreen #figure-box { width: 95%; height: auto; max-height: 95%; border: round $accent;
                               background: $surface; padding: 0 1; }
    FigureScreen #figure-caption { height: auto; max-height: 6; color: $text; }
    FigureScreen #figure-canvas { display: none; height: 1fr; align: center middle; }
    FigureScreen.-picture #figure-box { height: 95%; }
    FigureScreen.-picture #figure-canvas { display: block; }
    FigureScreen #figure-picture { width: auto; height: auto; }
    FigureScreen #figure-status { height: auto; color: $text-muted; }
    FigureScreen #figure-link { height: auto; color: $primary; text-style: underline; }
    """

    def __init__(self, block: Block, figures: FigureImages | None, opener: Opener, *, index: int = 0,
                 support: ImageSupport | None = None) -> None:
        super().__init__()
        self.block = block
        self.figures = figures
        self.opener = opener
        self.urls = figure_urls(block)
        self.index = min(max(0, index), max(0, len(self.urls) - 1))
        self.support = support or current()
        self.status = ""
        self.shown: FigureImage | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="figure-box") as box:
            box.border_title = Text("Figure")  # never markup
            others = " · n / p other images" if len(self.urls) > 1 else ""
            box.border_subtitle = f"o open the link{others} · esc close"
            yield Static(Text(self.block.text or "(no caption)", style="italic"), id="figure-caption")
            yield Container(id="figure-canvas")
            yield Static(id="figure-status")
            yield Static(id="figure-link")

    def on_mount(self) -> None:
        self.show_image(self.index)

    def say(self, message: str) -> None:
        self.status = message
        self.query_one("#figure-status", Static).update(Text(message))

    def show_image(self, index: int) -> None:
        self.index = index
        url = self.urls[index] if self.urls else ""
        count = f" {index + 1} of {len(self.urls)}" if len(self.urls) > 1 else ""
        self.query_one("#figure-box").border_title = Text(f"Figure image{count}")
        self.query_one("#figure-link", Static).update(Text(url or "this figure has no image link"))
        self.query_one("#figure-canvas").remove_children()
        self.remove_class("-picture")  # the box is as tall as its text until there is a picture
        self.shown = None
        if not url:
            self.say("nothing to draw: the page gives no image for this figure")
        elif self.support.renderer is None:
            self.say(self.support.reason)
        elif self.figures is None:
            self.say("figure images are not available in this view")
        else:
            self.say("fetching the image…")
            self.load(url)

    @work(exclusive=True, group="figure-image", exit_on_error=False, description="figure image")
    async def load(self, url: str) -> None:
        assert self.figures is not None and self.support.renderer is not None
        try:
            image = await self.figures.get(url)
            decoded = await asyncio.to_thread(decode, image.data)
            picture = renderer_widget(self.support.renderer, decoded)
        except FigureError as error:
            self.say(str(error))
            return
        except Exception as error:  # noqa: BLE001 - textual-image failing must leave the link usable
            self.say(f"the image could not be drawn ({type(error).__name__})")
            return
        if not self.is_attached or self.urls[self.index] != url:
            return
        self.add_class("-picture")
        await self.query_one("#figure-canvas").mount(picture)
        self.shown = image
        width, height = decoded.size
        where = "from the cache" if image.from_cache else "fetched"
        self.say(f"{image.kind.upper()} · {width}×{height} px · {_size(len(image.data))} · {where} · "
                 f"drawn with {self.support.label}")

    def action_step(self, step: int) -> None:
        if len(self.urls) > 1:
            self.show_image((self.index + step) % len(self.urls))

    def action_open_link(self) -> None:
        if self.urls:
            self.opener(self.urls[self.index], "figure image")

    def action_close(self) -> None:
        self.dismiss(None)
