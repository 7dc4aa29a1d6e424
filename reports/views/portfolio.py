"""The portfolio of a firm: its sites' latest submitted results and green-mine progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from assessment.access import get_firm_for
from assessment.portfolio import firm_portfolio
from reports.trends import group_trend_of

SCALE_LABELS = {"large": gettext_lazy("Large mines"), "medium": gettext_lazy("Medium mines")}


@login_required
def portfolio(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id)
    overview = firm_portfolio(firm)
    green = overview.green_mine
    scales = [
        {
            "scale": scale,
            "label": SCALE_LABELS[scale],
            "progress": progress,
            "sites": overview.counted_sites(scale),
        }
        for scale, progress in (("large", green.large), ("medium", green.medium))
    ]
    context = {
        "firm": firm,
        "portfolio": overview,
        "green_mine": green,
        "scales": scales,
        "time_left": overview.time_left,
        "trend": group_trend_of(firm, overview),
    }
    return render(request, "reports/portfolio.html", context)
