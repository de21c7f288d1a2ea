"""Accountability cases (问责, arts. 63–71): proposals per person, decisions, veto and eligibility."""
