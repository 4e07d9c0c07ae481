from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import DECIDED_OUTCOMES, Outcome
from .services import MAX_WORDING


class OpinionForm(forms.Form):
    """An opinion on one section (``section``: its id) or on the whole draft (empty). ``website`` is a honeypot."""

    section = forms.CharField(required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Your opinion"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": settings.COMMENTS_MAX_LENGTH}),
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording (optional)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_WORDING}),
        help_text=_("How you would write this section instead."),
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    @property
    def is_bot(self):
        return bool(self.data.get("website"))


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(o.value, o.label) for o in Outcome if o in DECIDED_OUTCOMES])
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("Summary of the adoption report"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 5}))
