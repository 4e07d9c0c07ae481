"""factory_boy factories for every model the tests need. Apps add theirs in tests/<app>/factories.py."""

import datetime

import factory
import wagtail_factories
from django.contrib.auth import get_user_model

from content.models import Area, ArticlePage, Department, HomePage, PolicyPage, SectionPage, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"部门{n}")
    slug = factory.Sequence(lambda n: f"dept-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"主题{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"区域{n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    kind = Area.Kind.DISTRICT

    @classmethod
    def grid(cls, name="第一网格"):
        """A grid with its community, street and district above it."""
        district = cls(kind=Area.Kind.DISTRICT, name="东城区")
        street = cls(kind=Area.Kind.STREET, name="和平街道", parent=district)
        community = cls(kind=Area.Kind.COMMUNITY, name="幸福社区", parent=street)
        return cls(kind=Area.Kind.GRID, name=name, parent=community)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage


class SectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SectionPage

    title = factory.Sequence(lambda n: f"栏目{n}")


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"新闻{n}：社区停车难问题有了新办法")
    summary = "街道与城管部门联合推出错时共享停车。"
    byline = "记者 张三"


class PolicyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PolicyPage

    title = factory.Sequence(lambda n: f"政策解读{n}")
    policy_title = "关于推进生活垃圾分类的实施意见"
    document_number = factory.Sequence(lambda n: f"东府办〔2026〕{n}号")
    issuing_department = factory.SubFactory(DepartmentFactory)
    issued_on = datetime.date(2026, 3, 1)
    effective_on = datetime.date(2026, 4, 1)
