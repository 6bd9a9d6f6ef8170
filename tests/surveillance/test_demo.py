"""The demo has a decade of surveillance: the recall list and the indicators show something."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.demo import DEMO_CENTRE
from accounts.models import Centre
from boards.models import Board
from indicators.charts import Period, all_charts
from surveillance.demo import DEMO_BOARD
from surveillance.models import Surveillance, SurveillanceExam
from surveillance.recall import recall_list

pytestmark = pytest.mark.django_db


def test_demo_surveillance_spans_a_decade_and_fills_the_recall_list(seeded_boards):
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    assert Surveillance.objects.count() == 6
    first = SurveillanceExam.objects.order_by("performed_on").first().performed_on
    assert (timezone.localdate() - first).days > 9 * 365
    centre = Centre.objects.get(name=DEMO_CENTRE["name"])
    today = timezone.localdate()
    recall = recall_list(centre_id=centre.pk, today=today)
    assert recall.overdue and recall.stale and recall.due
    statuses = set(Surveillance.objects.values_list("status", flat=True))
    assert statuses == {"active", "elsewhere"}
    assert SurveillanceExam.objects.filter(result="suspicion").exists()
    assert SurveillanceExam.objects.filter(follow_up_case__isnull=False).count() == 1


def test_demo_indicators_have_data(seeded_boards):
    call_command("load_demo")
    board = Board.objects.get(name=DEMO_BOARD)
    today = timezone.localdate()
    period = Period(board, today.replace(year=today.year - 1), today, today)
    charts = {chart.key: chart for chart in all_charts(period)}
    assert not any(chart.empty for chart in charts.values())
    assert charts["quorum"].figures["quorum_reached"] < charts["quorum"].figures["items"]
