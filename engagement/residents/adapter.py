"""Allauth adapter: account emails go through the notification outbox, so none is lost if mail is down."""

from allauth.account.adapter import DefaultAccountAdapter

from engagement.notifications.outbox import notify


class ResidentAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
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
