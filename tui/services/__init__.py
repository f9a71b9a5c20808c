"""The Textual-free core: network clients, cache, citations, links, clipboard."""
