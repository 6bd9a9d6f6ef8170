"""CSV and JSON of the charts (web downloads and `manage.py indicators`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from indicators.charts import Chart, Period
from surveillance.recall import csv_safe


def chart_csv(chart: Chart) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(chart.header)
    for row in chart.rows:
        writer.writerow(
            csv_safe([cell.isoformat() if isinstance(cell, dt.date) else cell for cell in row])
        )
    return out.getvalue()


def charts_csv(period: Period, charts: list[Chart]) -> str:
    """All charts in one CSV: a block per chart, its title on a line of its own."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        ["RCP", str(period.board), "du", period.start.isoformat(), "au", period.end.isoformat()]
    )
    for chart in charts:
        writer.writerow([])
        writer.writerow([chart.title])
        out.write(chart_csv(chart))
    return out.getvalue()


def charts_json(period: Period, charts: list[Chart]) -> str:
    def default(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        raise TypeError(type(value))

    data = {
        "board": {"id": period.board.pk, "name": str(period.board)},
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "as_of": period.as_of.isoformat(),
        "indicators": {
            chart.key: {
                "title": chart.title,
                "figures": chart.figures,
                "header": list(chart.header),
                "rows": [list(row) for row in chart.rows],
                "note": chart.note,
            }
            for chart in charts
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=default)
