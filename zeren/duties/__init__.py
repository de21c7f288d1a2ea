"""Responsibility lists (责任清单, arts. 4–52, 74): derived per post and department, published, exported."""
