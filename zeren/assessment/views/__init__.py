"""The assessment pages, one module per concern: runs, exports, funds, letters, ratings, what-if."""
