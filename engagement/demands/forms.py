"""Forms for residents (new demand, rating) and staff (triage, workspace, supervision)."""

from django import forms
from django.urls import reverse_lazy
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from content.area_choice import GridChoiceField
from content.models import Area, Department, Topic
from engagement.residents.forms import privacy_consent_field
from engagement.residents.organisation_models import OrganisationVerification

from .intake import clean_photo
from .models import MAX_DESCRIPTION, MAX_PHOTOS, Channel, Demand, Kind, Satisfaction, Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos, each checked and re-encoded without EXIF by clean_photo()."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        return [clean_photo(f) for f in files]


class ContactFields(forms.Form):
    contact_name = forms.CharField(label=_("Your name"), max_length=100, required=False)
    contact_phone = forms.RegexField(
        label=_("Phone"), regex=r"^[0-9+\- ]{5,20}$", required=False,
        error_messages={"invalid": _("Enter a phone number of 5 to 20 characters: digits, spaces, + and -.")},
    )
    contact_email = forms.EmailField(label=_("Email"), required=False)
    contact_address = forms.CharField(label=_("Address"), max_length=300, required=False,
                                      help_text=_("Where the problem is, if it helps the department."))

    def contact(self):
        return {k: self.cleaned_data.get(f"contact_{k}", "") for k in ("name", "phone", "email", "address")}


class DemandForm(ContactFields):
    """The resident's form at /demands/new/."""

    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all())
    area = GridChoiceField()
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.ENQUIRY)
    title = forms.CharField(
        label=_("Title"), max_length=120,
        # static/js/similar-demands.js lists similar public demands as the resident types.
        widget=forms.TextInput(attrs={
            "data-similar-demands": reverse_lazy("demands:similar"),
            "data-similar-target": "similar-demands",
            "aria-describedby": "similar-demands",
        }),
    )
    description = forms.CharField(label=_("What happened, where, since when"), max_length=MAX_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 8}))
    photos = PhotosField(label=_("Photos (up to 3; JPEG, PNG or WebP, 5 MB each)"), required=False)
    is_public = forms.TypedChoiceField(
        label=_("Who may read it"), coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
        choices=[("1", _("Public: everyone can read the demand and its answer")),
                 ("0", _("Private: only I can read it; the public sees that it exists and its status"))],
    )
    # Consent to the privacy notice, recorded with the demand (views/public.py new_demand).
    privacy_consent = privacy_consent_field()
    field_order = ["topic", "area", "kind", "title", "description", "photos", "is_public",
                   "contact_name", "contact_phone", "contact_email", "contact_address", "privacy_consent"]


class StaffDemandForm(DemandForm):
    """Staff entry for demands received by phone or in person: it speaks to staff about the resident."""

    channel = forms.ChoiceField(label=_("Received by"), choices=[
        (Channel.PHONE, Channel.PHONE.label), (Channel.IN_PERSON, Channel.IN_PERSON.label)])
    area = GridChoiceField(required=False)
    field_order = ["channel"] + DemandForm.field_order
    privacy_consent = None  # staff tell the resident on the phone or at the desk; no box to tick for them

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["title"].label = _("Title of the demand (written by you)")
        f["title"].help_text = _("Short and neutral: what, and where. The public sees it.")
        f["description"].label = _("What the resident reports: what happened, where, since when")
        f["is_public"].label = _("Who may read it (ask the resident)")
        f["is_public"].choices = [
            ("1", _("Public: everyone can read the demand and its answer")),
            ("0", _("Private: only the resident and the staff handling it can read it; the public sees that it "
                    "exists and its status")),
        ]
        f["contact_name"].label = _("Resident's name")


class CommentDemandForm(StaffDemandForm):
    """A Moderator forwards a comment as a demand: the comment's text is the description, the title is theirs."""

    field_order = ["title"] + [n for n in DemandForm.field_order if n not in ("title", "description")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("channel", "description"):  # always "forwarded comment"; the comment is the description
            del self.fields[name]
        f = self.fields
        f["title"].help_text = _("The comment's text becomes the description; write the title yourself: short "
                                 "and neutral, what and where. The public sees it.")
        f["is_public"].label = _("Who may read it")
        f["is_public"].help_text = _("Make the demand private only if the comment holds personal details.")
        f["contact_name"].label = _("Commenter's name")
        f["contact_email"].label = _("Commenter's email")
        f["contact_email"].help_text = _("Taken from the comment; the commenter is told at this address.")


class ForwardForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Forward to"), queryset=Department.objects.all())
    note = forms.CharField(label=_("Note for the department"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Tracking number of the demand to keep"), max_length=20)

    def clean_into(self):
        number = self.cleaned_data["into"].strip().upper()
        demand = Demand.objects.filter(tracking_number=number).first()
        if demand is None:
            raise ValidationError(_("No demand has this tracking number."))
        return demand


class KindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Public answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(label=_("Attachment (optional, PDF or image)"), required=False)

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        if f:
            if f.size > 10 * 1024 * 1024:
                raise ValidationError(_("Attachments must be 10 MB or smaller."))
            if not f.name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png", ".webp")):
                raise ValidationError(_("Attach a PDF or an image."))
        return f


class HandOverForm(forms.Form):
    """交办: any verification record is accepted here, so that the domain (handover.refusal_to_handle) says why a
    suspended, expired or non-mediation organisation is refused; the page offers only those in force."""

    organisation = forms.ModelChoiceField(label=_("Mediation organisation"),
                                          queryset=OrganisationVerification.objects.all())
    reason = forms.CharField(label=_("Why an organisation handles it (the resident and the public read this)"),
                             max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class OrganisationAnswerForm(forms.Form):
    text = forms.CharField(label=_("Public answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Extra working days"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", _("Grant")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Are you satisfied with the answer?"), choices=Satisfaction.choices,
                                     widget=forms.RadioSelect)
    resolved = forms.TypedChoiceField(
        label=_("Was your problem solved?"), choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes", empty_value=None, required=False, widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ExportForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any"))] + Status.choices, required=False)
    submitted_from = forms.DateField(label=_("Submitted from"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    submitted_to = forms.DateField(label=_("Submitted to"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    include_contact = forms.BooleanField(
        label=_("Include contact details (each export is recorded)"), required=False)


class PublicFilterForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False,
                                   to_field_name="slug")
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False,
                                        to_field_name="slug")
    # Any area is accepted (area pages link to ?area=<street or community>); the list offers the grids.
    area = GridChoiceField(label=_("Area"), queryset=Area.objects.all(), required=False, to_field_name="slug",
                           empty_label=_("Any"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any"))] + [
        (s.value, s.label) for s in Status if s not in (Status.MERGED, Status.REJECTED)])
