"""Early-warning detector (预警): is today's count far above its own baseline?

Method: **Poisson upper tail.** The baseline of a key (a topic in a street, or a term) is its
counts on the same weekday over the previous 8 weeks; λ is their mean (at least ``LAMBDA_FLOOR``).
Today's count ``x`` raises an alert when P(X ≥ x | λ) < ``P_VALUE`` (0.001) **and** x ≥
``MIN_COUNT`` (5).

Why Poisson and not mean + k·σ: these are small counts of independent events (a few demands per
street and day), and most keys are zero on most days. With eight baseline values σ is often 0
(every value 0 or equal), and then mean + k·σ fires on a single demand; the Poisson tail needs
only the mean, is exact for small counts, and the same p-value means the same false-alarm rate
for quiet and busy keys. Real complaint counts are over-dispersed (more variable than Poisson),
which would make it too eager; the minimum count and the λ floor guard against that, and the
same-weekday baseline removes the weekly rhythm (weekends are quieter). Days before the key's
history began are not treated as zeros: with fewer than ``MIN_WEEKS`` known baseline days no
alert is raised (a brand-new site does not alarm on its first busy day).
"""

import math
from dataclasses import dataclass
from datetime import timedelta

P_VALUE = 0.001
MIN_COUNT = 5
WEEKS = 8
MIN_WEEKS = 2
LAMBDA_FLOOR = 0.5


def poisson_sf(k, lam):
    """P(X ≥ k) for X ~ Poisson(lam), summed in log space (stable for large k and lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    # 1 - P(X <= k-1); for a tiny tail sum the tail directly instead, to avoid cancellation.
    if k > lam:
        total, term_log, i = 0.0, k * math.log(lam) - lam - math.lgamma(k + 1), k
        while True:
            term = math.exp(term_log)
            total += term
            if term < total * 1e-15 or i > k + 10_000:
                return min(total, 1.0)
            i += 1
            term_log += math.log(lam) - math.log(i)
    cdf = sum(math.exp(i * math.log(lam) - lam - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, 1.0 - cdf)


def poisson_threshold(lam, p_value=P_VALUE, min_count=MIN_COUNT):
    """The smallest count that would raise an alert for baseline mean ``lam``."""
    lam = max(lam, LAMBDA_FLOOR)
    k = max(int(lam), 1)
    while poisson_sf(k, lam) >= p_value:
        k += 1
    return max(k, min_count)


def baseline_days(day, weeks=WEEKS):
    """The same weekday in each of the previous ``weeks`` weeks, most recent first."""
    return [day - timedelta(days=7 * i) for i in range(1, weeks + 1)]


@dataclass(frozen=True)
class Detection:
    observed: int
    baseline_mean: float
    threshold: int
    p_value: float
    alarm: bool


def detect(observed, baseline, *, p_value=P_VALUE, min_count=MIN_COUNT):
    """Compare one day's count with its baseline counts (a list; None = before history began)."""
    known = [b for b in baseline if b is not None]
    mean = sum(known) / len(known) if known else 0.0
    lam = max(mean, LAMBDA_FLOOR)
    threshold = poisson_threshold(lam, p_value, min_count)
    p = poisson_sf(observed, lam)
    enough_history = len(known) >= MIN_WEEKS
    return Detection(observed, round(mean, 3), threshold, p, enough_history and observed >= threshold)


def scan_series(counts, start_index=None, history_start=0):
    """Run ``detect`` over a daily series (index = day number); returns the alarm day indexes.

    Used by the tests and the bench on synthetic series.
    """
    alarms = []
    first = start_index if start_index is not None else 7 * MIN_WEEKS
    for i in range(first, len(counts)):
        baseline = [counts[i - 7 * w] if i - 7 * w >= history_start else None for w in range(1, WEEKS + 1)]
        if detect(counts[i], baseline).alarm:
            alarms.append(i)
    return alarms
