from django import forms
from django.utils.translation import gettext_lazy as _

from content.choices import Satisfaction

from .models import REASON_MAX_LENGTH


class PolicyRatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
    )
    satisfaction = forms.ChoiceField(label=_("Are you satisfied?"), choices=Satisfaction.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why? (optional)"), required=False, max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX_LENGTH}),
    )
