"""The indicators page: a form (board, period), then each chart as SVG + table + CSV link."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from indicators.access import boards_for_user, can_read_indicators
from indicators.charts import CHARTS, Period
from indicators.export import chart_csv
from indicators.forms import PeriodForm, default_period
from indicators.svg import layout


def _period(request):
    boards = boards_for_user(request.user)
    if not boards.exists():
        raise PermissionDenied
    today = timezone.localdate()
    if request.GET:
        form = PeriodForm(request.GET, boards=boards)
    else:
        start, end = default_period(today)
        form = PeriodForm(
            {"board": boards.order_by("name").first().pk, "start": start, "end": end},
            boards=boards,
        )
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, Period(board=data["board"], start=data["start"], end=data["end"], today=today)


@never_cache
@require_GET
def dashboard(request):
    if not can_read_indicators(request.user):
        raise PermissionDenied
    form, period = _period(request)
    charts = []
    if period is not None:
        for build in CHARTS.values():
            chart = build(period)
            charts.append({"chart": chart, "svg": layout(chart)})
    query = form.data.urlencode() if hasattr(form.data, "urlencode") else ""
    if period is not None and not query:
        query = f"board={period.board.pk}&start={period.start}&end={period.end}"
    return render(
        request,
        "indicators/dashboard.html",
        {"form": form, "period": period, "charts": charts, "query": query},
        status=200 if period is not None else 400,
    )


@never_cache
@require_GET
def chart_download(request, key):
    if key not in CHARTS:
        raise Http404("Indicateur inconnu.")
    if not can_read_indicators(request.user):
        raise PermissionDenied
    _form, period = _period(request)
    if period is None:
        return HttpResponse(
            "Période ou RCP invalide.", status=400, content_type="text/plain; charset=utf-8"
        )
    chart = CHARTS[key](period)
    response = HttpResponse("\ufeff" + chart_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="indicateur-{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
