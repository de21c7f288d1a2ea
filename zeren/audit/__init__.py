"""The audit trail: every write through a service leaves a hash-chained, append-only event."""
