"""papers-tui: a terminal reader for the Hugging Face daily / trending papers feed."""

__version__ = "0.1.0"
