"""Keep one staff group per department (部门 <slug>) in step with the Department snippets."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Department


@receiver(pre_save, sender=Department)
def remember_old_slug(sender, instance, **kwargs):
    instance._old_group_name = None
    if instance.pk:
        old = Department.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old is not None:
            instance._old_group_name = Department(slug=old).staff_group_name


@receiver(post_save, sender=Department)
def sync_department_group(sender, instance, **kwargs):
    from .roles import ensure_department_group

    ensure_department_group(instance, old_name=getattr(instance, "_old_group_name", None))


@receiver(post_delete, sender=Department)
def delete_department_group(sender, instance, **kwargs):
    from django.contrib.auth.models import Group

    Group.objects.filter(name=instance.staff_group_name).delete()
