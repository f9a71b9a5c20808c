"""The paper itself: its full text, references, citations, similar papers and PDF."""
