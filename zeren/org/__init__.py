"""Administrative units, organisations, posts, people, dated tenures, portfolios and reorganisations."""
