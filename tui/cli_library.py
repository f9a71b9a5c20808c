"""Command-line parsers for the library commands: export, import, pdf, lists, note, tag, library.

Kept apart from :mod:`tui.cli` so its subcommand table only gains one call.
"""

from __future__ import annotations

import argparse

EXPORT_FORMATS = ("bibtex", "biblatex", "ris", "csl-json", "csv", "markdown")


def _offline(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--offline", action="store_true", help="never open a network connection")


def add_library_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser(
        "export", help="export a list, a tag, your bookmarks or the whole library for other tools",
        description="Write papers as BibTeX, BibLaTeX, RIS, CSL-JSON, CSV or Markdown (one file per paper).",
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", metavar="NAME", help="a reading list")
    which.add_argument("--tag", metavar="TAG", help="every paper with this tag")
    which.add_argument("--bookmarks", action="store_true", help="your bookmarks")
    which.add_argument("--all", action="store_true", help="every paper in your library")
    export.add_argument("--format", "-f", default="bibtex", choices=EXPORT_FORMATS)
    export.add_argument("--output", "-o", metavar="FILE",
                        help="write to FILE (a folder for markdown); stdout when absent or -")
    _offline(export)

    imports = commands.add_parser(
        "import", help="add every entry of a .bib, RIS or CSL-JSON file with an arXiv id to a list",
    )
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--list", metavar="NAME", help="the list to add to (default: the file's name)")
    _offline(imports)

    pdf = commands.add_parser("pdf", help="download papers' arXiv PDFs (resumable, 3 s apart)")
    pdf.add_argument("ids", nargs="+", metavar="ID")
    pdf.add_argument("--dir", metavar="D", help="folder for the PDFs (default: papers-tui in your documents)")
    _offline(pdf)

    lists = commands.add_parser("lists", help="show and change reading lists")
    lists_sub = lists.add_subparsers(dest="lists_command", metavar="ACTION")
    lists_sub.add_parser("list", help="every list with its number of papers (default)")
    show = lists_sub.add_parser("show", help="the papers of a list")
    show.add_argument("name")
    for action, what in (("add", "add papers to a list (created when new)"), ("remove", "remove papers from a list")):
        sub = lists_sub.add_parser(action, help=what)
        sub.add_argument("name")
        sub.add_argument("ids", nargs="+", metavar="ID")
        _offline(sub)
    rename = lists_sub.add_parser("rename", help="rename a list")
    rename.add_argument("name")
    rename.add_argument("new_name")
    delete = lists_sub.add_parser("delete", help="delete a list (its papers stay in the library)")
    delete.add_argument("name")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask")

    note = commands.add_parser("note", help="print, edit or set a paper's note (Markdown)")
    note.add_argument("id", metavar="ID")
    how = note.add_mutually_exclusive_group()
    how.add_argument("--edit", action="store_true", help="open it in $VISUAL / $EDITOR")
    how.add_argument("--set", metavar="TEXT", help="replace it with TEXT (- reads stdin)")
    how.add_argument("--clear", action="store_true", help="delete it")
    _offline(note)

    tag = commands.add_parser("tag", help="show, add or remove tags")
    tag.add_argument("ids", nargs="*", metavar="ID", help="papers (none: every tag with its count)")
    tag.add_argument("--add", "-a", action="append", default=[], metavar="TAG")
    tag.add_argument("--remove", "-r", action="append", default=[], metavar="TAG")
    _offline(tag)

    library = commands.add_parser("library", help="full backup of your library (notes, tags, lists ...)")
    library_sub = library.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    backup = library_sub.add_parser("export", help="write everything to one JSON file")
    backup.add_argument("--all", action="store_true", help="everything (the default and only choice)")
    backup.add_argument("--output", "-o", metavar="FILE", help="stdout when absent or -")
    restore = library_sub.add_parser("import", help="merge a backup into the library (nothing is removed)")
    restore.add_argument("file", metavar="FILE")
