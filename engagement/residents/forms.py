"""Signup extras (display name, grid) and the profile form."""

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from content.area_choice import GridChoiceField

from .models import ResidentProfile, profile_for


def privacy_link():
    """The link to the privacy notice, as safe HTML (forms' help texts; templates use
    residents/includes/privacy_link.html)."""
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', reverse("privacy_notice"),
                       _("Read the privacy notice (隐私政策)"))


def privacy_consent_field(label=None):
    """The required "I have read the privacy notice" box of every form that collects personal data."""
    return forms.BooleanField(
        label=label or _("I have read the privacy notice and agree that my personal information is handled as it "
                         "describes."),
        required=True, help_text=lazy(privacy_link, SafeString)(),
        error_messages={"required": _("Please read the privacy notice and tick the box to continue.")},
    )


def _grid_field():
    return GridChoiceField(
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
        self.fields["privacy_consent"] = privacy_consent_field()

    def signup(self, request, user):
        from .rights import record_consent
        from .rights_models import Consent

        profile = profile_for(user)
        profile.display_name = self.cleaned_data.get("display_name", "").strip()
        profile.area = self.cleaned_data.get("area")
        profile.save(update_fields=["display_name", "area"])
        record_consent(purpose=Consent.Purpose.ACCOUNT, user=user)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ResidentProfile
        fields = ["display_name", "area", "notify_replies"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _grid_field()


class DeleteAccountForm(forms.Form):
    """"Delete my account": the password again, and what happens to the comments."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    comments = forms.ChoiceField(
        label=_("Your comments"), widget=forms.RadioSelect, initial="anonymise",
        choices=[("anonymise", _("Keep them without my name: they are shown as written by 已注销用户 (deleted account)")),
                 ("remove", _("Remove them"))],
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
