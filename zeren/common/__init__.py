"""What every app shares: errors with a stable code, the actor type, frozen records, attachment responses.

Small and free of domain logic; it sits above the pure core and below the foundation apps.
"""
