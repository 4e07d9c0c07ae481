"""The moderation state is read from XtdComment's flags, no longer stored on CommentModeration.

Pending and approved already matched ``is_public`` (every decision wrote both); only "rejected"
needs moving: a rejected comment becomes ``is_removed=True`` (and stays ``is_public=False``).
Going back puts the state column back, computed from the flags.
"""

from django.db import migrations


def rejected_to_removed(apps, schema_editor):
    Comment = apps.get_model("django_comments", "Comment")
    CommentModeration = apps.get_model("comments", "CommentModeration")
    rejected = CommentModeration.objects.filter(state="rejected").values("comment_id")
    Comment.objects.filter(pk__in=rejected).update(is_public=False, is_removed=True)


def flags_to_state(apps, schema_editor):
    CommentModeration = apps.get_model("comments", "CommentModeration")
    moderation = CommentModeration.objects
    moderation.filter(comment__is_removed=True).update(state="rejected")
    moderation.filter(comment__is_removed=False, comment__is_public=True).update(state="approved")
    moderation.filter(comment__is_removed=False, comment__is_public=False).update(state="pending")


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rejected_to_removed, flags_to_state),
        migrations.RemoveField(
            model_name="commentmoderation",
            name="state",
        ),
    ]
