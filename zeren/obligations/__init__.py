"""The obligation calendar: recurring obligations as dated occurrences with evidence and reminders."""
