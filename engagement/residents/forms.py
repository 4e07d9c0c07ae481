"""Signup extras (display name, grid) and the profile form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import Area

from .models import ResidentProfile, profile_for


def _grid_field():
    return forms.ModelChoiceField(
        queryset=Area.objects.filter(kind=Area.Kind.GRID).order_by("name"),
        required=False, label=_("Area (grid)"), empty_label=_("— not given —"),
        help_text=_("Optional: the grid (网格) you live in."),
    )


class SignupExtraForm(forms.Form):
    """Allauth's ACCOUNT_SIGNUP_FORM_CLASS: the optional fields a resident may give at signup."""

    display_name = forms.CharField(
        label=_("Display name"), max_length=40, required=False,
        help_text=_("Optional: shown with your comments instead of your email."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _grid_field()

    def signup(self, request, user):
        profile = profile_for(user)
        profile.display_name = self.cleaned_data.get("display_name", "").strip()
        profile.area = self.cleaned_data.get("area")
        profile.save(update_fields=["display_name", "area"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ResidentProfile
        fields = ["display_name", "area", "notify_replies"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _grid_field()
