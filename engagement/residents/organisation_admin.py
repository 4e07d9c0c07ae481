"""Organisation verifications (社会组织认证) in the Wagtail admin: the records, verify (or renew), suspend,
reinstate and withdraw, each with its reason.

Every view and every action asks ``permissions.policy`` (Wagtail's PermissionCheckedMixin), and the services
in ``organisations.py`` ask it again; a refusal comes back as a message, nothing changed.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from . import organisations, permissions
from .models import OrganisationVerification

PER_PAGE = 50
Status = OrganisationVerification.Status

# The state actions as data: what the row offers from each status (the services guard the same).
CHANGES = {
    "suspend": (organisations.suspend, {Status.ACTIVE}, gettext_lazy("Suspend")),
    "reinstate": (organisations.reinstate, {Status.SUSPENDED}, gettext_lazy("Reinstate")),
    "withdraw": (organisations.withdraw, {Status.ACTIVE, Status.SUSPENDED}, gettext_lazy("Withdraw")),
}
DONE = {
    "suspend": gettext_lazy("The verification of %(name)s is suspended: its badge is gone everywhere."),
    "reinstate": gettext_lazy("The verification of %(name)s is reinstated."),
    "withdraw": gettext_lazy("The verification of %(name)s is withdrawn."),
}


class VerificationForm(forms.Form):
    account = forms.CharField(label=gettext_lazy("Account (login or email)"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Registered name"), max_length=120)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=OrganisationVerification.Kind.choices)
    registration_number = forms.CharField(label=gettext_lazy("Registration number"), max_length=40,
                                          help_text=gettext_lazy("The unified social credit code (统一社会信用代码)."))
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_account(self):
        value = self.cleaned_data["account"].strip()
        user = get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value)).first()
        if user is None:
            raise forms.ValidationError(_("No account has this login or email."))
        return user

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The verification must be valid until a day still ahead."))
        return value


class OrganisationAdminMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    permission_policy = permissions.policy
    header_icon = "group"

    def get_breadcrumbs_items(self):
        items = self.breadcrumbs_items + [{"url": reverse("organisations_admin:index"),
                                           "label": IndexView.page_title}]
        return items + ([{"url": "", "label": self.get_page_title()}] if not isinstance(self, IndexView) else [])


class IndexView(OrganisationAdminMixin, TemplateView):
    template_name = "residents/admin/organisations.html"
    page_title = gettext_lazy("Organisation verifications")
    permission_required = "view"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        query = self.request.GET.get("q", "").strip()
        records = OrganisationVerification.objects.select_related("verified_by").order_by("name", "pk")
        if status in Status.values:
            records = records.filter(status=status)
        if query:
            records = records.filter(Q(name__icontains=query) | Q(registration_number__icontains=query))
        page = Paginator(records, PER_PAGE).get_page(self.request.GET.get("p"))
        today = timezone.localdate()
        may_act = permissions.can(self.request.user, "verify")
        for record in page.object_list:
            record.is_in_force = record.in_force(today)
            record.actions = [(key, label) for key, (_fn, allowed, label) in CHANGES.items()
                              if may_act and record.status in allowed]
        return super().get_context_data(
            page_obj=page, records=page.object_list, statuses=Status.choices, status=status, query=query,
            may_act=may_act, today=today, **kwargs)


class VerifyView(OrganisationAdminMixin, TemplateView):
    """Verify an account as a social organisation, or renew (re-verify) one: ``?user=<id>`` fills the form."""

    template_name = "residents/admin/verify_organisation.html"
    page_title = gettext_lazy("Verify an organisation")
    permission_required = "verify"

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=kwargs.pop("form", None) or self.blank_form(), **kwargs)

    def blank_form(self):
        user_id = self.request.GET.get("user", "")
        user = get_user_model().objects.filter(pk=user_id).first() if user_id.isdigit() else None
        if user is None:
            return VerificationForm()
        record = OrganisationVerification.objects.filter(user=user).first()
        initial = {"account": user.get_username()}
        if record is not None:
            initial.update(name=record.name, kind=record.kind, registration_number=record.registration_number)
        return VerificationForm(initial=initial)

    def post(self, request):
        form = VerificationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = organisations.verify(data["account"], name=data["name"], kind=data["kind"],
                                              registration_number=data["registration_number"],
                                              valid_until=data["valid_until"], by=request.user)
            except organisations.OrganisationRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("%(name)s is verified until %(date)s.")
                                 % {"name": record.name, "date": f"{record.valid_until:%Y-%m-%d}"})
                return redirect("organisations_admin:index")
        else:
            messages.error(request, _("The organisation was not verified: please correct the fields below."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ChangeView(PermissionCheckedMixin, View):
    """Suspend, reinstate or withdraw one record, with the reason (shown on the organisation's page)."""

    permission_policy = permissions.policy
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.permission_required = kwargs["action"] if kwargs["action"] in CHANGES else "change"
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk, action):
        record = get_object_or_404(OrganisationVerification, pk=pk)
        change = CHANGES.get(action)
        if change is None:
            messages.error(request, _("Choose suspend, reinstate or withdraw."))
            return redirect("organisations_admin:index")
        try:
            change[0](record, reason=request.POST.get("reason", ""), by=request.user)
        except organisations.OrganisationRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, DONE[action] % {"name": record.name})
        return redirect(f"{reverse('organisations_admin:index')}#organisation-{record.pk}")


app_name = "organisations_admin"
urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("verify/", VerifyView.as_view(), name="verify"),
    path("<int:pk>/<slug:action>/", ChangeView.as_view(), name="change"),
]
