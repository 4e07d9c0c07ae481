"""Demo policy ratings for `manage.py seed_demo`."""
