from django import forms
from django.conf import settings
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment

from .models import CommentReport


def _pk_max(model):
    """The largest primary key `model` can hold: a bigger number is no comment, not a database error."""
    pk = model._meta.pk
    pk = getattr(pk, "target_field", pk)  # XtdComment's pk is a link to django_comments' Comment
    return BaseDatabaseOperations.integer_field_ranges[pk.get_internal_type()][1]


class CommentForm(forms.Form):
    """A new comment or reply. `website` is a honeypot: people never see it, bots fill it in."""

    comment = forms.CharField(
        label=_("Your comment"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.COMMENTS_MAX_LENGTH}),
        help_text=_("Plain text, at most %(max)s characters. Links are allowed.") % {"max": settings.COMMENTS_MAX_LENGTH},
    )
    parent = forms.IntegerField(
        required=False, min_value=1, max_value=_pk_max(XtdComment), widget=forms.HiddenInput,
        error_messages={"invalid": _("The comment you are replying to is not valid."),
                        "min_value": _("The comment you are replying to is not valid."),
                        "max_value": _("The comment you are replying to is not valid.")},
    )
    followup = forms.BooleanField(label=_("Email me when someone replies"), required=False)
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    email = forms.EmailField(label=_("Email (to confirm your comment, never shown)"), required=False)
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, anonymous=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if not anonymous:
            del self.fields["name"]
            del self.fields["email"]
        else:
            self.fields["name"].required = True
            self.fields["email"].required = True
            del self.fields["followup"]

    def parent_id(self):
        """The id of the comment replied to, or None; raises ValidationError when it is not an id."""
        return self.fields["parent"].clean(self.data.get("parent"))

    def clean(self):
        # `parent` is a hidden field: show its error where the resident can see it.
        if "parent" in self._errors:
            self.add_error(None, self._errors.pop("parent"))
        return super().clean()

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this comment?"), choices=CommentReport.Reason.choices,
                               widget=forms.RadioSelect)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the author sees it)"), max_length=300)


class BlockForm(forms.Form):
    until = forms.DateTimeField(label=_("Blocked until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
