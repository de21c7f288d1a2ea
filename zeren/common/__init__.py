"""What every app shares (small; no domain logic)."""
