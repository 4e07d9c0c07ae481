"""The consultation page's SQL queries and time at 10 and 2,000 opinions (they must not grow with the data).

    .venv/bin/python bench/consultations.py [--runs 5]
"""

import argparse
import datetime

from harness import build_home, measure, throwaway_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with throwaway_database():
        from django.contrib.auth import get_user_model
        from django.contrib.contenttypes.models import ContentType
        from django.db import transaction
        from django.test import Client
        from django.utils import timezone
        from django_comments_xtd.models import XtdComment

        from content.roles import sync_roles
        from engagement.comments.models import CommentModeration
        from engagement.consultations.models import ConsultationPage, ConsultationSection, Opinion, SectionStance
        from tests.factories import DepartmentFactory, SectionPageFactory

        sync_roles()
        home = build_home()
        section = SectionPageFactory(parent=home, title="政策解读", slug="policies")
        department = DepartmentFactory(name="城市管理局", slug="chengguan")
        today = timezone.localdate()
        page = ConsultationPage(title="征求意见稿", slug="draft", summary="摘要", issuing_department=department,
                                opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=5))
        page.sections = [ConsultationSection(heading=f"第{i}条", body="条款内容" * 10, sort_order=i) for i in range(12)]
        section.add_child(instance=page)
        page.save_revision().publish()
        page = ConsultationPage.objects.get(pk=page.pk)
        sections = list(page.sections.all())
        User = get_user_model()
        viewer = User.objects.create_user("viewer", "viewer@example.com", "x")
        content_type = ContentType.objects.get_for_model(ConsultationPage)
        from django.contrib.sites.models import Site

        site_id = Site.objects.get_current().pk
        client = Client()
        client.force_login(viewer)
        made = 0
        print("opinions  queries  median ms")
        for target in (10, 2000):
            users = User.objects.bulk_create([User(username=f"r{n}", email=f"r{n}@example.com")
                                              for n in range(made, target)])
            now = timezone.now()
            comments = []
            with transaction.atomic():  # XtdComment is multi-table: no bulk_create
                for n, u in enumerate(users, start=made):
                    comment = XtdComment(content_type=content_type, object_pk=str(page.pk), site_id=site_id, user=u,
                                         user_name=u.username, comment=f"意见{n}", submit_date=now, is_public=True)
                    comment.save()
                    comments.append(comment)
            CommentModeration.objects.bulk_create([CommentModeration(comment=c) for c in comments])
            Opinion.objects.bulk_create([Opinion(comment=c, consultation=page, section=sections[n % len(sections)])
                                         for n, c in enumerate(comments)])
            SectionStance.objects.bulk_create([
                SectionStance(section=sections[n % len(sections)], user=u, stance="support" if n % 3 else "oppose")
                for n, u in enumerate(users)])
            made = target
            for url in (page.url, page.url + "?section=%d" % sections[0].pk):
                queries, median, _response = measure(client, url, args.runs)
                print(f"{target:>8}  {queries:>7}  {median * 1000:>9.1f}  {url}")


if __name__ == "__main__":
    main()
