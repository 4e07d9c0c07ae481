"""Keep one staff group per department in step with the Department snippets (linked by key)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Department


@receiver(post_save, sender=Department)
def sync_department_group(sender, instance, **kwargs):
    from .roles import ensure_department_group

    ensure_department_group(instance)


@receiver(post_delete, sender=Department)
def delete_department_group(sender, instance, **kwargs):
    from django.contrib.auth.models import Group

    if instance.staff_group_id:
        Group.objects.filter(pk=instance.staff_group_id).delete()
