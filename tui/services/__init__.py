"""The Textual-free core: everything the reader and the headless commands share (nothing here imports Textual).

- ``net/``: the one HTTP layer (retries, caps, deadlines) and a client per service
  (Hugging Face, Semantic Scholar, arXiv, collections), all built by ``net/clients.py``.
- ``storage/``: local files: the cache, the user library, the full-text and watch files,
  one SQLite opener and one atomic write (``storage/sqlite_util.py``).
- ``formats/``: pure text: TeX to Unicode and back, citations, exports and imports.
- ``reader/``: the reader policy: what a view shows, its rows, order, search, stepping, sync.
- ``author/``, ``paper/``, ``lists/``, ``watch/``: one feature each (author profiles; a paper's
  full text, graph and PDF; list sync with collections; following the field).
- ``system/``: the machine around the app: clipboard, browsers, the editor, user commands.
- ``session.py`` opens what a command needs; ``sanitize.py`` is the one gate for untrusted
  text; ``errors.py`` the typed errors the UI explains in one line.
"""
