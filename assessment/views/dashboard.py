"""The signed-in user's firms, their sites and each site's latest assessment."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessment.access import memberships_of
from assessment.models import Site
from assessment.overview import sites_with_latest_assessment


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A fixed number of queries however many firms and sites the user has."""
    memberships = list(memberships_of(request.user))
    sites_by_firm: dict[int, list[Site]] = defaultdict(list)
    if memberships:
        sites = Site.objects.filter(firm__memberships__user=request.user).order_by("name", "pk")
        for site in sites_with_latest_assessment(sites):
            sites_by_firm[site.firm_id].append(site)
    firms = [
        {
            "membership": membership,
            "firm": membership.firm,
            "sites": sites_by_firm[membership.firm_id],
        }
        for membership in memberships
    ]
    return render(
        request,
        "assessment/dashboard.html",
        {"firms": firms, "signup_enabled": settings.SIGNUP_ENABLED},
    )
