"""The reader policy: what a view shows, its rows, order, search, stepping and sync."""
