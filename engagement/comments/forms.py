from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import CommentReport


class CommentForm(forms.Form):
    """A new comment or reply. `website` is a honeypot: people never see it, bots fill it in."""

    comment = forms.CharField(
        label=_("Your comment"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.COMMENTS_MAX_LENGTH}),
        help_text=_("Plain text, at most %(max)s characters. Links are allowed.") % {"max": settings.COMMENTS_MAX_LENGTH},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
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
