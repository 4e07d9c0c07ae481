"""Allauth adapter: account emails go through the notification outbox, so none is lost if mail is down."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter

from content.site import site_url
from engagement.notifications.outbox import notify


def _on_public_address(url):
    """allauth builds its links on the request's host: put them on the site's public address."""
    parts = urlsplit(url)
    return site_url(parts.path + (f"?{parts.query}" if parts.query else "")) if parts.netloc else url


class ResidentAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {key: _on_public_address(value) if key.endswith("_url") and isinstance(value, str) else value
                   for key, value in context.items()}
        message = self.render_mail(template_prefix, email, context)
        user = context.get("user")
        notify(
            email, message.subject, message.body,
            user=user if getattr(user, "pk", None) else None, kind=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        # Residents never get admin access, whatever a form might post.
        user.is_staff = False
        user.is_superuser = False
        if commit:
            user.save(update_fields=["is_staff", "is_superuser"])
        return user
