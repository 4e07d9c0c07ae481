"""The early-warning detector on synthetic series (fixed seeds, no database)."""

import random

from engagement.insights import detector
from tests.insights.series import poisson


def test_poisson_tail_matches_known_values():
    assert abs(detector.poisson_sf(5, 1.0) - 0.00365984) < 1e-6
    assert abs(detector.poisson_sf(0, 3.0) - 1.0) < 1e-12
    assert detector.poisson_sf(200, 3.0) < 1e-100


def test_threshold_grows_with_the_baseline_and_never_drops_below_the_minimum():
    assert detector.poisson_threshold(0) == detector.MIN_COUNT
    assert detector.poisson_threshold(3) > detector.MIN_COUNT
    assert detector.poisson_threshold(30) > detector.poisson_threshold(3)


def test_an_injected_surge_is_caught_on_the_day_it_starts():
    rng = random.Random(6)
    series = [poisson(rng, 3) for _ in range(90)]
    for day in range(70, 74):
        series[day] += 15
    alarms = detector.scan_series(series)
    assert 70 in alarms


def test_a_stable_noisy_series_raises_at_most_one_false_alarm_in_90_days():
    for seed, lam in [(1, 0.4), (2, 3.0), (3, 12.0)]:
        rng = random.Random(seed)
        series = [poisson(rng, lam) for _ in range(90)]
        assert len(detector.scan_series(series)) <= 1, (seed, lam)


def test_no_alarm_without_enough_history_on_a_new_site():
    result = detector.detect(50, [None] * 8)
    assert not result.alarm
    result = detector.detect(50, [0, 1] + [None] * 6)
    assert result.alarm


def test_a_zero_baseline_does_not_alarm_on_a_single_report():
    assert not detector.detect(1, [0] * 8).alarm
    assert not detector.detect(detector.MIN_COUNT - 1, [0] * 8).alarm
    assert detector.detect(detector.MIN_COUNT, [0] * 8).alarm
