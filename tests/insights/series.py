"""Synthetic daily counts for the early-warning detector, shared by its tests and bench/insights.py."""


def poisson(rng, lam):
    """A count drawn from a Poisson distribution of mean ``lam`` with ``rng`` (a ``random.Random``).

    Knuth's method: fine for the small λ of daily demand counts.
    """
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
