"""Demo polls for `manage.py seed_demo` (idempotent: polls are found again by their question)."""
