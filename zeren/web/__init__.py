"""Base templates, the home page and static files."""
