"""Every command the reader knows, in one registry (no Textual import).

The same table feeds the key bindings, the footer, the help screen, the
command palette, ``papers-tui keys`` and the ``[keymap]`` config table, so
they can never disagree. Ids are stable: the config rebinds by id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Command(NamedTuple):
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
    Command("view-for-you", "y", "view_for_you", "For you: papers matching your watch list", "Views",
            short="For you"),
    Command("follow-search", "", "follow_search", "Follow this search as a topic (For you)", "Views"),
    Command("toggle-two-line", "v", "toggle_two_line", "Two-line rows: the full title, then the details", "Views",
            scope="feed"),
    Command("sort-cycle", "s", "sort_cycle", "Sort: Hub's order / upvotes / comments / stars / newest", "Views"),
    Command("quick-filter", "f", "quick_filter", "Filter the view: has code, an organization, a word", "Views"),
    Command("reset-arrangement", "z", "reset_arrangement", "Undo sort and filter", "Views"),
    Command("go-to-date", "colon", "go_to_date", "Go to a date, week or month (2025-03-12, 2025-W11, -3)",
            "Views"),
    Command("latest-day", "D", "latest_day", "Back to the latest day", "Views"),
    Command("back", "backspace,ctrl+left", "back", "Back to the previous view (esc too, from a search)", "Views"),
    Command("forward", "ctrl+right", "forward", "Forward again", "Views"),
    # Paper actions
    Command("open-code", "o", "open_code", "Open the code", "Paper", footer=True, short="Code"),
    Command("open-paper", "p", "open_paper", "Open the paper (arXiv)", "Paper"),
    Command("open-links", "u", "open_links", "All links of the paper", "Paper"),
    Command("toggle-bookmark", "b", "toggle_bookmark", "Bookmark / unbookmark", "Paper", footer=True, short="Bookmark"),
    Command("copy-citation", "c", "copy_citation", "Copy BibTeX", "Paper", footer=True, short="Cite"),
    Command("choose-citation", "C", "choose_citation", "Copy a citation in another format", "Paper"),
    Command("toggle-read", "X", "toggle_read", "Mark read / unread", "Paper"),
    Command("sync-list", "equals_sign", "sync_list", "Sync bookmarks with Hugging Face", "Paper"),
    # Reading (issue 12): the full text and the citation graph of the highlighted paper
    Command("read-paper", "R", "read_paper", "Read the full text", "Reading"),
    Command("enter-reading", "enter", "enter_reading", "Feed -> abstract -> full text", "Reading"),
    Command("open-references", "e", "open_graph('references')", "Its references, as a feed", "Reading"),
    Command("open-citations", "i", "open_graph('citations')", "Papers citing it (newest first)", "Reading"),
    Command("open-similar", "S", "open_graph('similar')", "Similar papers (Semantic Scholar)", "Reading"),
    Command("prefetch-texts", "O", "prefetch_texts", "Fetch the full text of every paper in view", "Reading"),
    # The paper view's own keys
    Command("paper-down", "j,down", "scroll_lines(1)", "Scroll down a line", "Paper view", scope="paper"),
    Command("paper-up", "k,up", "scroll_lines(-1)", "Scroll up a line", "Paper view", scope="paper"),
    Command("paper-page-down", "space,pagedown,ctrl+f", "scroll_pages(1)", "Page down", "Paper view",
            scope="paper"),
    Command("paper-page-up", "b,pageup,ctrl+b", "scroll_pages(-1)", "Page up", "Paper view", scope="paper"),
    Command("paper-top", "g,home", "scroll_edge(0)", "Top", "Paper view", scope="paper"),
    Command("paper-bottom", "G,end", "scroll_edge(1)", "Bottom", "Paper view", scope="paper"),
    Command("paper-left", "left,h", "scroll_sideways(-8)", "Scroll left (wide tables)", "Paper view",
            scope="paper"),
    Command("paper-right", "right,l", "scroll_sideways(8)", "Scroll right (wide tables)", "Paper view",
            scope="paper"),
    Command("paper-next-section", "right_square_bracket", "section(1)", "Next section", "Paper view",
            scope="paper", footer=True, short="Next §"),
    Command("paper-previous-section", "left_square_bracket", "section(-1)", "Previous section", "Paper view",
            scope="paper"),
    Command("paper-outline", "t", "toggle_outline", "Outline (contents): jump to a section", "Paper view",
            scope="paper", footer=True, short="Outline"),
    Command("paper-find", "slash", "find", "Find in the text", "Paper view", scope="paper", footer=True,
            short="Find"),
    Command("paper-find-next", "n", "find_next(1)", "Next hit", "Paper view", scope="paper"),
    Command("paper-find-previous", "N", "find_next(-1)", "Previous hit", "Paper view", scope="paper"),
    Command("paper-next-link", "tab", "cycle_link(1)", "Next citation / link on screen", "Paper view",
            scope="paper", footer=True, short="Links"),
    Command("paper-previous-link", "shift+tab", "cycle_link(-1)", "Previous citation / link on screen",
            "Paper view", scope="paper"),
    Command("paper-follow", "enter", "follow", "Follow it: show the reference, jump, open", "Paper view",
            scope="paper"),
    Command("paper-figure", "I", "figure_image", "Figure on screen as an image (or its link)", "Paper view",
            scope="paper", footer=True, short="Figure"),
    Command("paper-references", "e", "graph('references')", "References as a feed", "Paper view",
            scope="paper"),
    Command("paper-citations", "i", "graph('citations')", "Citations as a feed", "Paper view", scope="paper"),
    Command("paper-similar", "S", "graph('similar')", "Similar papers as a feed", "Paper view", scope="paper"),
    Command("paper-discussion", "d", "discussion", "Hugging Face discussion", "Paper view", scope="paper"),
    Command("paper-bookmark", "m", "paper_action('toggle-bookmark')", "Bookmark / unbookmark", "Paper view",
            scope="paper"),
    Command("paper-copy-citation", "c", "paper_action('copy-citation')", "Copy BibTeX", "Paper view",
            scope="paper"),
    Command("paper-choose-citation", "C", "paper_action('choose-citation')", "Copy a citation in another format",
            "Paper view", scope="paper"),
    Command("paper-open-code", "o", "paper_action('open-code')", "Open the code", "Paper view", scope="paper"),
    Command("paper-open-paper", "p", "paper_action('open-paper')", "Open the paper (arXiv)", "Paper view",
            scope="paper"),
    Command("paper-open-links", "u", "paper_action('open-links')", "All links of the paper", "Paper view",
            scope="paper"),
    Command("paper-refresh", "r", "refresh_text", "Fetch the text again", "Paper view", scope="paper"),
    Command("paper-close", "escape,q", "close", "Back to where you were", "Paper view", scope="paper",
            footer=True, short="Back"),
    Command("graph-read", "R,enter", "read", "Read the highlighted paper", "Reference feed", scope="graph",
            footer=True, short="Read"),
    Command("graph-references", "e", "graph('references')", "Its references", "Reference feed", scope="graph"),
    Command("graph-citations", "i", "graph('citations')", "Papers citing it", "Reference feed", scope="graph"),
    Command("graph-similar", "S", "graph('similar')", "Similar papers", "Reference feed", scope="graph"),
    Command("graph-refresh", "r", "refresh_list", "Fetch the list again", "Reference feed", scope="graph"),
    Command("graph-close", "escape,q,backspace", "close", "Back to where you were", "Reference feed",
            scope="graph", footer=True, short="Back"),
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
    Command("follow-author", "f", "screen.follow_author", "Follow / unfollow this author (For you: y)", "Authors",
            scope="author-list", short="Follow"),
    Command("author-refresh", "r", "screen.refresh_author", "Fetch this author's profile again", "Authors",
            scope="author-list", short="Refresh"),
    Command("author-paper-open", "enter", "select", "Author's paper: abstract, again: open in the feed",
            "Authors", scope="author-papers", short="Abstract · open"),
    Command("author-paper-next", "j", "cursor_down", "Next paper of the author", "Authors",
            scope="author-papers"),
    Command("author-paper-previous", "k", "cursor_up", "Previous paper of the author", "Authors",
            scope="author-papers"),
    Command("author-paper-first", "g", "first", "First paper of the author", "Authors", scope="author-papers"),
    Command("author-paper-last", "G", "last", "Last paper of the author", "Authors", scope="author-papers"),
    # The full-screen authors view (a, when the terminal is too narrow for the sidebar)
    Command("authors-close", "escape,q", "close", "Back to the feed (cursor where it was)", "Authors",
            scope="authors-screen", footer=True, short="Back"),
    # App
    Command("help", "question_mark", "help", "Help: every key", "App", footer=True, short="Help"),
    Command("command-palette", "ctrl+p", "command_palette", "Command palette", "App", short="palette"),
    Command("quit", "q", "quit", "Quit", "App", footer=True, short="Quit"),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}

USER_GROUP = "Your commands"
_user_commands: tuple[Command, ...] = ()


def register_user_commands(commands: Iterable[Command]) -> None:
    """Add the config's ``[commands]`` (replacing any registered before) to the registry.

    They then show in help, the palette and ``papers-tui keys``, and rebind
    in ``[keymap]`` by name like built-in commands.
    """
    global _user_commands
    for old in _user_commands:
        BY_ID.pop(old.id, None)
    _user_commands = tuple(c for c in commands if c.id not in BY_ID)
    BY_ID.update({c.id: c for c in _user_commands})


def all_commands() -> tuple[Command, ...]:
    """The built-in commands, then the user's own."""
    return COMMANDS + _user_commands


def scoped(scope: str) -> tuple[Command, ...]:
    """The commands a widget binds itself (``feed``, ``author-list``, ``author-papers``)."""
    return tuple(c for c in COMMANDS if c.scope == scope)

_KEY_NAMES = {
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "question_mark": "?",
    "equals_sign": "=",
    "escape": "esc",
    "colon": ":",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": "space",
    "backspace": "⌫",
}


def display_key(keys: str) -> str:
    """``left_square_bracket,ctrl+b`` -> ``[ / ctrl+b``; no key at all: ``palette``."""
    if not keys.strip():
        return "palette"
    return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def effective_keys(keymap: dict[str, str]) -> dict[str, str]:
    """Command id -> keys after applying the user's ``[keymap]`` overrides."""
    return {c.id: keymap.get(c.id, c.keys) for c in all_commands()}


def unknown_keymap_ids(keymap: dict[str, str]) -> list[str]:
    return sorted(set(keymap) - set(BY_ID))


def normalise_key(key: str) -> str:
    """Accept what people type in a config (``[``, ``/``, ``?``) as Textual key names."""
    reverse = {v: k for k, v in _KEY_NAMES.items() if len(v) == 1}
    return ",".join(reverse.get(k.strip(), k.strip()) for k in key.split(","))
