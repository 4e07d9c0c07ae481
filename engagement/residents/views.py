"""The resident's own profile page: details, own comments with their moderation state, other apps' panels."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from content.hooks import PROFILE_PANELS, fragments

from .forms import ProfileForm
from .models import profile_for
from .organisations import acting_organisation


@login_required
def profile(request):
    resident = profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=resident)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("resident_profile")
    else:
        form = ProfileForm(instance=resident)
    return render(request, "residents/profile.html", {
        "resident": resident, "form": form, "organisation": acting_organisation(request.user),
        "panels": fragments(PROFILE_PANELS, request.user, request),
    })
