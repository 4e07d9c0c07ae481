"""Public consultation views: give an opinion, support or oppose a section, publish an organisation's position
statement (on a consultation or a policy), the /consultations/ list.

Plain form POSTs from the consultation page (no JavaScript needed). A refused opinion comes back on its
own page with the resident's text and the reason (400); nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from content.visibility import not_viewable_response, page_is_viewable
from engagement.comments.views import rate_limit_for
from engagement.ratelimit import RateLimit, RateLimited, client_ip, rate_limit, rate_limited_response

from . import selectors, services, statements
from .forms import OpinionForm
from .models import ConsultationPage, ConsultationSection

STANCE_LIMIT = RateLimit("consultation-stance", 60, 600)


def _consultation(request, page_id):
    """The live consultation, or the response for a visitor who may not see it (None when they may)."""
    page = get_object_or_404(ConsultationPage.objects.live(), pk=page_id)
    if not page_is_viewable(page, request):
        return page, not_viewable_response(request, page)
    return page, None


def _form_page(request, page, form, message, status=400):
    chosen = str(form.data.get("section", ""))
    section = ConsultationSection.objects.filter(pk=chosen, page=page).first() if chosen.isdigit() else None
    return render(request, "consultations/opinion_form_page.html", {
        "page": page, "form": form, "message": message, "section": section,
        "open": page.stage_on() == services.Stage.OPEN,
    }, status=status)


@require_POST
def give_opinion(request, page_id):
    page, refused = _consultation(request, page_id)
    if refused:
        return refused
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "#sections")
    form = OpinionForm(request.POST)
    if form.is_bot or not form.is_valid():
        return HttpResponseBadRequest(_("Your opinion could not be posted."))
    comment_settings = selectors.comment_settings_for(request)
    try:
        rate_limit_for(comment_settings).check(request)
    except RateLimited as exc:
        return rate_limited_response(request, exc)
    data = form.cleaned_data
    try:
        opinion = services.give_opinion(
            page, request.user, data["comment"], section_id=data["section"] or None,
            proposed_wording=data["proposed_wording"], comment_settings=comment_settings,
            ip_address=client_ip(request) or None,
        )
    except services.ConsultationRefused as exc:
        return _form_page(request, page, form, exc.message)
    anchor = f"#section-{opinion.section_id}" if opinion.section_id else "#opinions"
    if opinion.comment.is_public:
        messages.success(request, _("Thank you: your opinion is published."))
    else:
        messages.info(request, _("Thank you: your opinion will appear once a moderator has reviewed it."))
    return redirect(page.url + anchor)


@require_POST
@rate_limit(STANCE_LIMIT)
def take_stance(request, page_id, section_id):
    page, refused = _consultation(request, page_id)
    if refused:
        return refused
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "#sections")
    try:
        section = services.section_of(page, section_id)
        now = services.take_stance(section, request.user, request.POST.get("stance", ""))
    except services.ConsultationRefused as exc:
        messages.error(request, exc.message)
        return redirect(page.url + "#sections")
    messages.success(request, {"support": _("You support this section."), "oppose": _("You oppose this section.")}
                     .get(now, _("Your support or opposition is withdrawn.")))
    return redirect(page.url + f"#section-{section.pk}")


@require_POST
def publish_statement(request, page_id):
    """An organisation's position statement on a policy or consultation: held for a moderator; a refused one
    (suspended, expired, closed, already stated) is told why and nothing is saved."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not statements.takes_statements(page):
        raise Http404
    if not page_is_viewable(page, request):
        return not_viewable_response(request, page)
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "#statements")
    comment_settings = selectors.comment_settings_for(request)
    try:
        rate_limit_for(comment_settings).check(request)
    except RateLimited as exc:
        return rate_limited_response(request, exc)
    try:
        statements.publish_statement(page, request.user, request.POST.get("statement", ""),
                                     comment_settings=comment_settings, ip_address=client_ip(request) or None)
    except statements.StatementRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Thank you: your organisation's statement will appear once a moderator has "
                                 "approved it."))
    return redirect(page.url + "#statements")


def consultation_list(request):
    """/consultations/: open, upcoming, closed (report pending) and reported consultations."""
    return render(request, "consultations/consultation_list.html", {"grouped": selectors.listing()})
