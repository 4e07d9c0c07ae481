"""Keep one staff group per department in step with the Department snippets (linked by key), and give
roles their page permissions on a new language's home page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Department, HomePage


@receiver(post_save, sender=Department)
def sync_department_group(sender, instance, **kwargs):
    from .roles import ensure_department_group

    ensure_department_group(instance)


@receiver(post_delete, sender=Department)
def delete_department_group(sender, instance, **kwargs):
    from django.contrib.auth.models import Group

    if instance.staff_group_id:
        Group.objects.filter(pk=instance.staff_group_id).delete()



@receiver(post_save, sender=HomePage)
def give_roles_the_translated_home(sender, instance, created, **kwargs):
    """A new language's home page (the English edition's root, however it was translated) gets the
    role page permissions the site's home page has."""
    from django.conf import settings

    if created and instance.locale.language_code != settings.LANGUAGE_CODE:
        from .roles import sync_roles

        sync_roles()
