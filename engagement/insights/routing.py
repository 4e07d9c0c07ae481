"""Department suggestion for triage: a multinomial naive Bayes learnt from past routing.

Training data: demands that were forwarded and not returned (they still have a department and
are forwarded, accepted, answered or closed — a return clears the department). Features: the
jieba terms of title + description, plus the topic as a token counted ``TOPIC_WEIGHT`` times.
Laplace smoothing (α = 1). Written by hand (~50 lines): scikit-learn would add numpy and scipy
(~60 MB) for one small, sparse, JSON-persistable model.

With fewer than ``MIN_SAMPLES`` routed demands, or fewer than two departments, there is no model
and the suggestion falls back to the topic's default department.
"""

import math
from collections import Counter, defaultdict

from django.apps import apps

from .models import RoutingModel
from .terms import extract_terms

MIN_SAMPLES = 30
TOPIC_WEIGHT = 3
ALPHA = 1.0
ROUTED_STATUSES = ("forwarded", "accepted", "answered", "closed")


def features(title, description, topic_id):
    terms = extract_terms(f"{title or ''}\n{description or ''}")
    if topic_id:
        terms[f"topic:{topic_id}"] += TOPIC_WEIGHT
    return terms


def fit(samples, min_term_docs=2):
    """Train on [(features Counter, department id)] → JSON-able params."""
    doc_freq = Counter()
    for terms, _label in samples:
        doc_freq.update(terms.keys())
    vocab = {t for t, n in doc_freq.items() if n >= min_term_docs or t.startswith("topic:")}
    classes = Counter()
    counts = defaultdict(Counter)
    for terms, label in samples:
        classes[str(label)] += 1
        counts[str(label)].update({t: n for t, n in terms.items() if t in vocab})
    return {
        "alpha": ALPHA,
        "vocab_size": len(vocab),
        "classes": dict(classes),
        "totals": {c: sum(counts[c].values()) for c in classes},
        "counts": {c: dict(counts[c]) for c in classes},
    }


_known_cache = {}


def _known_terms(params):
    key = id(params)
    if key not in _known_cache:
        _known_cache.clear()
        _known_cache[key] = (params, set().union(*params["counts"].values()) if params["counts"] else set())
    return _known_cache[key][1]


def rank(params, terms, top=3):
    """[(department id, probability)] best first, for one demand's features."""
    alpha, v = params["alpha"], params["vocab_size"]
    n_docs = sum(params["classes"].values())
    known = _known_terms(params)
    terms = {t: k for t, k in terms.items() if t in known}  # unseen words carry no evidence
    scores = {}
    for label, n in params["classes"].items():
        counts, denominator = params["counts"][label], params["totals"][label] + alpha * v
        score = math.log(n / n_docs)
        for term, k in terms.items():
            score += k * math.log((counts.get(term, 0) + alpha) / denominator)
        scores[label] = score
    best = max(scores.values())
    exp = {label: math.exp(s - best) for label, s in scores.items()}
    total = sum(exp.values())
    ranked = sorted(((int(label), e / total) for label, e in exp.items()), key=lambda p: -p[1])
    return ranked[:top]


def routed_demands():
    Demand = apps.get_model("demands.Demand")
    return Demand.objects.filter(department__isnull=False, status__in=ROUTED_STATUSES)


def train():
    """Retrain from all routed demands and store the model; None (and no model) if too little history."""
    rows = list(routed_demands().values_list("title", "description", "topic_id", "department_id"))
    samples = [(features(t, d, topic), dept) for t, d, topic, dept in rows]
    if len(samples) < MIN_SAMPLES or len({dept for _f, dept in samples}) < 2:
        RoutingModel.objects.all().delete()
        return None
    model = RoutingModel.objects.create(samples=len(samples), params=fit(samples))
    RoutingModel.objects.exclude(pk=model.pk).delete()
    return model


def suggest_departments(demand, top=3):
    """The ``top`` most likely departments for a demand: [(Department, confidence 0..1 or None)].

    Confidence None means "no model yet: the topic's default department".
    """
    from content.models import Department

    model = RoutingModel.objects.order_by("-trained_at").first()
    if model is None:
        default = demand.topic.default_department if demand.topic_id else None
        return [(default, None)] if default else []
    ranked = rank(model.params, features(demand.title, demand.description, demand.topic_id), top=top)
    departments = Department.objects.in_bulk([pk for pk, _p in ranked])
    return [(departments[pk], round(p, 3)) for pk, p in ranked if pk in departments]
