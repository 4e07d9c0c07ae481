"""Near-duplicate open demands (MinHash + LSH over jieba terms), grouped for one merge in triage.

Each demand's title + description becomes a set of jieba terms. MinHash (32 permutations) with
locality-sensitive hashing (8 bands × 4 rows) finds candidate pairs without comparing every
pair; each candidate pair is then checked with the exact Jaccard similarity of the two term
sets (≥ ``THRESHOLD``), and connected pairs form a group (union–find).
"""

import zlib
from collections import defaultdict

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, Max

from .terms import extract_terms

THRESHOLD = 0.5
PERMUTATIONS = 32
BANDS = 8
ROWS = PERMUTATIONS // BANDS
PRIME = (1 << 61) - 1
_COEFFS = [((i * 0x9E3779B1 + 0x7F4A7C15) % PRIME or 1, (i * 0x85EBCA77 + 0xC2B2AE3D) % PRIME) for i in range(PERMUTATIONS)]
MAX_OPEN = 3000
CACHE_SECONDS = 600


def term_set(title, description):
    return frozenset(extract_terms(f"{title or ''}\n{description or ''}"))


def signature(terms):
    hashes = [zlib.crc32(t.encode("utf-8")) for t in terms]
    return tuple(min(((a * h + b) % PRIME) for h in hashes) for a, b in _COEFFS)


def jaccard(a, b):
    return len(a & b) / len(a | b) if (a or b) else 0.0


def group(items, threshold=THRESHOLD):
    """items: [(key, term set)] → groups (lists of keys, ≥ 2 each, in input order)."""
    sets = {key: terms for key, terms in items if terms}
    buckets = defaultdict(list)
    for key, terms in sets.items():
        sig = signature(terms)
        for band in range(BANDS):
            buckets[(band, sig[band * ROWS:(band + 1) * ROWS])].append(key)
    parent = {key: key for key in sets}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    checked = set()
    for keys in buckets.values():
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                pair = (keys[i], keys[j])
                if pair in checked:
                    continue
                checked.add(pair)
                if jaccard(sets[keys[i]], sets[keys[j]]) >= threshold:
                    parent[find(keys[i])] = find(keys[j])
    groups = defaultdict(list)
    order = [key for key, _t in items if key in sets]
    for key in order:
        groups[find(key)].append(key)
    return [g for g in groups.values() if len(g) > 1]


def open_demand_groups(limit=MAX_OPEN):
    """Groups of near-duplicate demands awaiting triage: [[Demand, ...]], oldest first in each group.

    Two or three queries, whatever the number of groups; the grouping is cached while the queue is unchanged.
    """
    Demand = apps.get_model("demands.Demand")
    waiting = Demand.objects.filter(status="submitted")
    # Segmenting 3,000 demands takes seconds: cache the grouping until the triage queue changes.
    state = waiting.aggregate(n=Count("pk"), top=Max("pk"))
    key = f"insights:duplicates:{limit}:{state['n']}:{state['top']}"
    groups = cache.get(key)
    if groups is None:
        rows = list(waiting.order_by("-submitted_at").values_list("pk", "title", "description")[:limit])
        groups = group([(pk, term_set(t, d)) for pk, t, d in reversed(rows)])
        cache.set(key, groups, CACHE_SECONDS)
    if not groups:
        return []
    demands = Demand.objects.select_related("topic", "area").in_bulk([pk for g in groups for pk in g])
    return [[demands[pk] for pk in g if pk in demands] for g in groups]


def group_of(demand, groups=None):
    """The near-duplicate group a demand belongs to (including itself), or []."""
    for g in groups if groups is not None else open_demand_groups():
        if any(d.pk == demand.pk for d in g):
            return g
    return []


def merge_group(demands, *, into, by, note=""):
    """Merge every demand of a group into ``into`` through the demands app's own ``merge``.

    Returns (merged, errors): demands merged, and [(demand, message)] the domain refused.
    """
    from engagement.demands.transitions import TransitionNotAllowed

    merged, errors = [], []
    for demand in demands:
        if demand.pk == into.pk:
            continue
        try:
            demand.merge(into=into, by=by, note=note or into.tracking_number)
            merged.append(demand)
        except TransitionNotAllowed as exc:
            errors.append((demand, str(exc)))
    return merged, errors
