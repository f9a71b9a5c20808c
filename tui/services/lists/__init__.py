"""Two-way sync of reading lists with Hugging Face collections."""
