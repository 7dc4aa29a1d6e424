"""The signed-in user's firms, their sites and each site's latest assessment."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from assessment import plans, register
from assessment.access import memberships_of
from assessment.email_verification import is_verified
from assessment.models import Site
from assessment.overview import sites_with_latest_assessment
from assessment.portfolio import firm_portfolios

MY_ACTIONS_SHOWN = 5


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A fixed number of queries however many firms and sites the user has: each site's
    latest assessment with its completion, the score and band of its latest submitted one, and
    each firm's green-mine progress, the register documents expiring soon and the person's
    actions still to do."""
    memberships = list(memberships_of(request.user))
    sites_by_firm: dict[int, list[Site]] = defaultdict(list)
    if memberships:
        sites = Site.objects.filter(firm__memberships__user=request.user).order_by("name", "pk")
        for site in sites_with_latest_assessment(sites):
            sites_by_firm[site.firm_id].append(site)
    portfolios = firm_portfolios([m.firm for m in memberships]) if memberships else {}
    expiring_by_firm: dict[int, list] = defaultdict(list)
    if memberships:
        mine = Site.objects.filter(firm__memberships__user=request.user)
        for document in register.expiring(mine, timezone.localdate()):
            expiring_by_firm[document.site.firm_id].append(document)
    today = timezone.localdate()
    my_actions = list(plans.mine(request.user, today)[:MY_ACTIONS_SHOWN])
    counts = plans.counts_by_firm([m.firm_id for m in memberships], today)
    firms = []
    for membership in memberships:
        portfolio = portfolios[membership.firm_id]
        results = {row.site.pk: row.results for row in portfolio.sites}
        sites = sites_by_firm[membership.firm_id]
        for site in sites:
            site.latest_results = results.get(site.pk)
        firms.append(
            {
                "membership": membership,
                "firm": membership.firm,
                "sites": sites,
                "green_mine": portfolio.green_mine,
                "expiring": expiring_by_firm[membership.firm_id],
                "actions": counts.get(membership.firm_id),
            }
        )
    return render(
        request,
        "assessment/dashboard.html",
        {
            "firms": firms,
            "signup_enabled": settings.SIGNUP_ENABLED,
            "email_verified": is_verified(request.user),
            "my_actions": my_actions,
        },
    )
