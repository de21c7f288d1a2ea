"""Regulations: stored versions of regulation texts and their clause trees (issue: foundation)."""
