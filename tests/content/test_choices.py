"""The satisfaction scale is one definition: policy ratings and demand ratings record the same values."""

from django.utils import translation

from content.choices import Satisfaction


def test_policy_and_demand_ratings_use_the_one_satisfaction_scale():
    from engagement.demands.models import Satisfaction as DemandSatisfaction
    from engagement.ratings.models import Satisfaction as RatingSatisfaction

    assert RatingSatisfaction is Satisfaction
    assert DemandSatisfaction is Satisfaction
    assert Satisfaction.values == ["satisfied", "basically_satisfied", "dissatisfied"]


def test_the_satisfaction_scale_reads_in_the_language_of_the_request():
    with translation.override("zh-hans"):
        assert [str(label) for label in Satisfaction.labels] == ["满意", "基本满意", "不满意"]
    with translation.override("en"):
        assert [str(label) for label in Satisfaction.labels] == ["Satisfied", "Basically satisfied", "Dissatisfied"]
