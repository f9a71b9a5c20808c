"""Every command the reader knows, in one registry (no Textual import).

The same table feeds the key bindings, the footer, the help screen, the
command palette, ``papers-tui keys`` and the ``[keymap]`` config table, so
they can never disagree. Ids are stable: the config rebinds by id.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    """Stable kebab-case id used by ``[keymap]`` in the config file."""
    keys: str
    """Default key(s), comma separated, in Textual's key names."""
    action: str
    """The Textual action run by the binding."""
    description: str
    group: str
    footer: bool = False
    """Shown in the footer (only the few most useful ones are)."""
    scope: str = "app"
    """``app`` for screen-wide commands, ``feed`` for the feed's own cursor keys."""
    short: str = ""
    """A one-word footer label (the description is used when empty)."""

    @property
    def footer_label(self) -> str:
        return self.short or self.description


COMMANDS: tuple[Command, ...] = (
    # Moving around
    Command("cursor-down", "j,down", "cursor_down", "Next paper", "Move", scope="feed"),
    Command("cursor-up", "k,up", "cursor_up", "Previous paper", "Move", scope="feed"),
    Command("cursor-first", "g,home", "cursor_first", "First paper", "Move", scope="feed"),
    Command("cursor-last", "G,end", "cursor_last", "Last paper", "Move", scope="feed"),
    Command("page-down", "pagedown,ctrl+f", "page_down", "Page down", "Move", scope="feed"),
    Command("page-up", "pageup,ctrl+b", "page_up", "Page up", "Move", scope="feed"),
    Command("focus-next", "tab", "app.focus_next", "Next pane", "Move"),
    Command("focus-previous", "shift+tab", "app.focus_previous", "Previous pane", "Move"),
    Command("focus-authors", "a", "focus_authors", "Authors of this paper", "Move", footer=True, short="Authors"),
    Command("focus-feed", "escape", "focus_feed", "Back to the feed", "Move"),
    # Views
    Command("view-day", "d", "view('day')", "Day view", "Views"),
    Command("view-week", "w", "view('week')", "Week view", "Views"),
    Command("view-month", "m", "view('month')", "Month view", "Views"),
    Command("view-trending", "t", "view('trending')", "Trending", "Views", footer=True, short="Trending"),
    Command("view-bookmarks", "B", "view('bookmarks')", "Bookmarks", "Views"),
    Command("view-library", "L", "view('library')", "Whole cached library", "Views"),
    Command("previous-period", "left_square_bracket", "shift_period(-1)", "Previous day / week / month", "Views",
            footer=True, short="Prev"),
    Command("next-period", "right_square_bracket", "shift_period(1)", "Next day / week / month", "Views",
            footer=True, short="Next"),
    Command("search", "slash", "search", "Search papers", "Views", footer=True, short="Search"),
    Command("refresh", "r", "refresh", "Refresh from Hugging Face", "Views"),
    Command("fetch-period", "F", "fetch_period", "Fetch this week / month into the cache", "Views"),
    Command("toggle-hide-read", "x", "toggle_hide_read", "Hide / show read papers", "Views"),
    # Paper actions
    Command("open-code", "o", "open_code", "Open the code", "Paper", footer=True, short="Code"),
    Command("open-paper", "p", "open_paper", "Open the paper (arXiv)", "Paper"),
    Command("open-links", "u", "open_links", "All links of the paper", "Paper"),
    Command("toggle-bookmark", "b", "toggle_bookmark", "Bookmark / unbookmark", "Paper", footer=True, short="Bookmark"),
    Command("copy-citation", "c", "copy_citation", "Copy BibTeX", "Paper", footer=True, short="Cite"),
    Command("choose-citation", "C", "choose_citation", "Copy a citation in another format", "Paper"),
    Command("toggle-read", "X", "toggle_read", "Mark read / unread", "Paper"),
    # Your library (issue 13): with rows selected, b / X / c act on all of them too
    Command("edit-note", "n", "edit_note", "Note on the paper ($EDITOR)", "Library"),
    Command("tag", "T", "tag", "Add / remove a tag", "Library"),
    Command("add-to-list", "l", "list", "Add to / remove from a reading list", "Library"),
    Command("library-views", "V", "library_views", "Reading lists and tags (views, rename, delete)", "Library"),
    Command("toggle-select", "space", "toggle_select", "Select / unselect the row", "Library"),
    Command("select-all", "A", "select_all", "Select every row in view (again: none)", "Library"),
    Command("export", "E", "export", "Export the selection or the view", "Library"),
    Command("download-pdf", "P", "download_pdf", "Download the PDF (again: open it)", "Library"),
    # The author sidebar (its own lists' keys; arrows work too)
    Command("author-next", "j", "cursor_down", "Next author", "Authors", scope="author-list"),
    Command("author-previous", "k", "cursor_up", "Previous author", "Authors", scope="author-list"),
    Command("author-first", "g", "first", "First author", "Authors", scope="author-list"),
    Command("author-last", "G", "last", "Last author", "Authors", scope="author-list"),
    Command("author-paper-open", "enter", "select", "Author's paper: abstract, again: open in the feed",
            "Authors", scope="author-papers"),
    Command("author-paper-next", "j", "cursor_down", "Next paper of the author", "Authors",
            scope="author-papers"),
    Command("author-paper-previous", "k", "cursor_up", "Previous paper of the author", "Authors",
            scope="author-papers"),
    Command("author-paper-first", "g", "first", "First paper of the author", "Authors", scope="author-papers"),
    Command("author-paper-last", "G", "last", "Last paper of the author", "Authors", scope="author-papers"),
    # App
    Command("help", "question_mark", "help", "Help: every key", "App", footer=True, short="Help"),
    Command("command-palette", "ctrl+p", "command_palette", "Command palette", "App"),
    Command("quit", "q", "quit", "Quit", "App", footer=True, short="Quit"),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def scoped(scope: str) -> tuple[Command, ...]:
    """The commands a widget binds itself (``feed``, ``author-list``, ``author-papers``)."""
    return tuple(c for c in COMMANDS if c.scope == scope)

_KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
}


def display_key(keys: str) -> str:
    """``left_square_bracket,ctrl+b`` -> ``[ / ctrl+b``."""
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def effective_keys(keymap: dict[str, str]) -> dict[str, str]:
    """Command id -> keys after applying the user's ``[keymap]`` overrides."""
    return {c.id: keymap.get(c.id, c.keys) for c in COMMANDS}


def unknown_keymap_ids(keymap: dict[str, str]) -> list[str]:
    return sorted(set(keymap) - set(BY_ID))


def normalise_key(key: str) -> str:
    """Accept what people type in a config (``[``, ``/``, ``?``) as Textual key names."""
    reverse = {v: k for k, v in _KEY_NAMES.items() if len(v) == 1}
    return ",".join(reverse.get(k.strip(), k.strip()) for k in key.split(","))
