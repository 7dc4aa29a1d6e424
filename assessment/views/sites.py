"""Sites: their profile page, and creating and editing them (owners and editors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment import register
from assessment.access import get_firm_for, get_site_for
from assessment.forms.sites import SiteForm, capacity_text
from assessment.models import Firm, Site
from assessment.overview import assessments_with_completion


@login_required
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id)
    context = {
        "site": site,
        "can_write": site.membership.can_write,
        "is_owner": site.membership.is_owner,
        "capacity": capacity_text(site),
        "assessments": assessments_with_completion(site.assessments.all()),
        "expiring": list(register.expiring(Site.objects.filter(pk=site.pk), timezone.localdate())),
        "document_count": site.documents.count(),
    }
    return render(request, "assessment/site_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id, write=True)
    return _site_form(request, firm, Site(firm=firm))


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id, write=True)
    return _site_form(request, site.firm, site)


def _site_form(request: HttpRequest, firm: Firm, site: Site) -> HttpResponse:
    creating = site.pk is None
    title_name = site.name  # the form changes the instance while it validates
    if request.method == "POST":
        form = SiteForm(request.POST, instance=site)
        if form.is_valid():
            site = form.save()
            message = _("Site %(site)s was created.") if creating else _("Site %(site)s was saved.")
            messages.success(request, message % {"site": site})
            return redirect("assessment:site_detail", site.pk)
    else:
        form = SiteForm(instance=site)
    context = {
        "form": form,
        "firm": firm,
        "site": site,
        "creating": creating,
        "title_name": title_name,
    }
    return render(request, "assessment/site_form.html", context)
