import datetime

import factory
from django.utils import timezone

from engagement.polls.models import Poll, PollChoice


class PollFactory(factory.django.DjangoModelFactory):
    """An open single-choice poll; `choices=["是", "否"]` by default."""

    class Meta:
        model = Poll
        skip_postgeneration_save = True

    question = factory.Sequence(lambda n: f"问题{n}：您支持错时共享停车吗？")
    description = "请选择一项。"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    @factory.post_generation
    def choices(poll, create, extracted, **kwargs):
        for i, text in enumerate(extracted or ["支持", "反对"]):
            PollChoice.objects.create(poll=poll, text=text, sort_order=i)

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
            closes_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=8)),
        )
