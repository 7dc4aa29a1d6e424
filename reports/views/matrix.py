"""The group matrix of a firm: its sites against the areas, filtered and sorted, as a page, an
Excel workbook or a CSV file (UTF-8 with a byte-order mark, so spreadsheet programs read the
Chinese right)."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment import plan_export
from assessment.access import get_firm_for
from assessment.models import Firm
from assessment.portfolio import firm_portfolio
from reports.forms import MatrixFilterForm
from reports.matrix import Matrix, group_matrix
from reports.presentation import band_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def matrix(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id)
    today = timezone.localdate()
    portfolio = firm_portfolio(firm, today=today)  # its sites offer the filters' choices
    filters = MatrixFilterForm(request.GET or None, sites=[row.site for row in portfolio.sites])
    overview = group_matrix(firm, filters.values(), today=today, portfolio=portfolio)
    export = request.GET.get("format")
    if export in ("xlsx", "csv"):
        return _download(firm, overview, export)
    query = request.GET.copy()
    query.pop("format", None)
    context = {"firm": firm, "filters": filters, "matrix": overview, "query": query.urlencode()}
    return render(request, "reports/matrix.html", context)


def _headers(overview: Matrix) -> list[str]:
    return [
        _("Site"), _("Province"), _("Minerals"), _("Scale"), _("Stage"), _("Overall score"),
        _("Band"), *[column.name for column in overview.columns], _("Green-mine ready"),
        _("Last submission"), _("Open actions"), _("Overdue actions"),
    ]  # fmt: skip


def _rows(overview: Matrix) -> Iterator[list[object]]:
    separator = pgettext("list separator", ", ")
    for row in overview.rows:
        site = row.site
        ready = {None: "", True: _("yes"), False: _("no")}[row.green_ready]
        yield [
            site.name, site.province_label, separator.join(site.mineral_labels),
            site.get_scale_display(), site.get_stage_display(), row.overall,
            band_label(row.band) if row.band else "", *[cell.score for cell in row.cells],
            ready, timezone.localdate(row.submitted_at) if row.submitted_at else None,
            row.actions.to_do, row.actions.overdue,
        ]  # fmt: skip


def _download(firm: Firm, overview: Matrix, export: str) -> HttpResponse:
    name = slugify(firm.name, allow_unicode=False) or "firm"
    filename = f"group-matrix-{name}-{timezone.localdate()}.{export}"
    if export == "xlsx":
        title = str(_("Group matrix"))
        data = plan_export.workbook(_headers(overview), _rows(overview), title=title)
        response = HttpResponse(data, content_type=XLSX)
    else:
        data = plan_export.csv_bytes(_headers(overview), list(_rows(overview)))
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
