"""Author profiles: metrics, papers, categories, and what is known offline."""
