"""A site's scores over its submitted assessments: a fragment the site page loads (htmx), or a
page of its own without script."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from assessment.access import get_site_for
from reports.trends import site_history, site_trend_chart


@login_required
def site_trend(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id)
    history = site_history(site)
    # Our own markup: every text in it is escaped by reports/charts.py.
    chart = mark_safe(site_trend_chart(history)) if history else ""
    context = {"site": site, "history": history, "chart": chart}
    if request.headers.get("HX-Request"):
        return render(request, "reports/_site_trend.html", context)
    return render(request, "reports/site_trend.html", context)
