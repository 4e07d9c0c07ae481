"""The periodic jobs README tells cron to run are management commands that exist."""

import re
from pathlib import Path

from django.core.management import get_commands


def test_every_periodic_job_in_the_readme_is_a_management_command():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    cron = re.findall(r"^ {4}[\d*/,\- ]+? python manage\.py (\w+)", readme, flags=re.MULTILINE)
    assert {"send_notifications", "demands_daily", "insights_hot_terms", "insights_alerts"} <= set(cron)
    assert set(cron) <= set(get_commands())
