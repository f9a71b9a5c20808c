"""Local files: the cache, the user library and the other SQLite/JSON state."""
