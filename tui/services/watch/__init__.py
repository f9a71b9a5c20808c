"""Following the field: the watch list, its matches, For you and the digest."""
