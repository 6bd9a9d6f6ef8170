"""The treatment-line timeline: self-contained, escaped, deterministic SVG."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from cases.models import Case, TreatmentLine
from cases.timeline import timeline_svg
from tests.cases.factories import TreatmentLineFactory, metastatic_case

TODAY = dt.date(2026, 1, 15)
SVG_NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the SVG is well-formed XML


def _bars(root):
    return root.findall(f".//{SVG_NS}g[@class='line']/{SVG_NS}rect")


def _assert_self_contained(svg: str):
    lowered = svg.lower()
    for forbidden in (
        "<script",
        "style=",
        "href",
        "<image",
        "<foreignobject",
        "url(",
        "javascript:",
    ):
        assert forbidden not in lowered, forbidden
    assert "on" + "load" not in lowered and "onclick" not in lowered


def test_empty_record_gives_a_readable_svg():
    svg = timeline_svg(Case(), today=TODAY)
    root = _parse(svg)
    assert "Aucune ligne de traitement" in svg
    assert _bars(root) == []
    _assert_self_contained(svg)


def test_no_lines_but_imaging_dates_marks_the_dates(db):
    case = metastatic_case()
    svg = timeline_svg(case, today=TODAY)
    root = _parse(svg)
    assert _bars(root) == []
    assert "Aucune ligne de traitement" in svg
    # Each date is a numbered badge; the legend keys the numbers to the dates, in words.
    badges = [t.text for t in root.findall(f".//{SVG_NS}g[@class='marker']/{SVG_NS}text")]
    assert badges == [str(n) for n in range(1, len(badges) + 1)] and len(badges) == 3
    legend = [t.text for t in root.findall(f".//{SVG_NS}text[@class='legend']")]
    assert any(text.startswith("IRS : ") for text in legend)
    assert any(text.startswith("Imagerie 1 : ") for text in legend)
    assert any(text.startswith("Imagerie 2 : ") for text in legend)


def test_close_dates_never_overlap_and_colours_have_a_legend(db):
    same_week = dt.date(2025, 5, 2)
    case = metastatic_case(
        surgery_date=same_week,
        sstr_imaging_date=same_week,
        fdg_pet_date=same_week + dt.timedelta(days=3),
        progression_imaging_1_date=same_week + dt.timedelta(days=5),
        progression_imaging_2_date=same_week + dt.timedelta(days=6),
    )
    TreatmentLineFactory(
        case=case,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 1, 1),
        reason_stopped="progression",
    )
    root = _parse(timeline_svg(case, today=TODAY))
    circles = [
        (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
        for c in root.findall(f".//{SVG_NS}g[@class='marker']/{SVG_NS}circle")
    ]
    assert len(circles) == 5
    for i, (x1, y1, r) in enumerate(circles):
        for x2, y2, _r in circles[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 >= 2 * r, circles
    legend = [t.text for t in root.findall(f".//{SVG_NS}text[@class='legend']")]
    assert "Progression" in legend
    assert any(text.startswith("TEP FDG : ") for text in legend)


def test_one_bar_per_line_and_ongoing_lines_run_to_today(db):
    case = metastatic_case(surgery_date=None)
    TreatmentLineFactory(
        case=case,
        treatment="ssa_antitumour",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 1, 1),
        reason_stopped="progression",
    )
    TreatmentLineFactory(case=case, treatment="everolimus", start_date=dt.date(2024, 2, 1))
    root = _parse(timeline_svg(case, today=TODAY))
    bars = _bars(root)
    assert len(bars) == 2
    axis = root.find(f"{SVG_NS}line")
    right_edge = float(bars[1].get("x")) + float(bars[1].get("width"))
    # The ongoing bar reaches the right end of the axis, which is `today` here.
    assert right_edge == pytest.approx(float(axis.get("x2")), abs=0.2)
    assert root.findall(f".//{SVG_NS}polygon")  # open end of the ongoing line
    assert float(bars[0].get("x")) < float(bars[1].get("x"))


def test_many_lines_stay_readable(db):
    case = metastatic_case()
    for index in range(10):
        TreatmentLineFactory(
            case=case,
            treatment="chemo_temozolomide",
            start_date=dt.date(2015 + index, 1, 1),
            end_date=dt.date(2015 + index, 9, 1),
            reason_stopped="completed",
        )
    svg = timeline_svg(case, today=TODAY)
    root = _parse(svg)
    assert len(_bars(root)) == 10
    height = float(root.get("height"))
    assert height >= 10 * 20
    ys = [float(bar.get("y")) for bar in _bars(root)]
    assert len(set(ys)) == 10  # one row each, no overlap
    labels = [t.text for t in root.findall(f".//{SVG_NS}g[@class='line']/{SVG_NS}text")]
    assert labels[0].startswith("1. ") and labels[-1].startswith("10. ")
    assert all(len(label) <= 30 for label in labels)


def test_every_text_is_escaped(db):
    case = metastatic_case()
    TreatmentLineFactory(
        case=case,
        comment='<script>alert("x")</script> & "quotes" <img src=x onerror=alert(1)>',
    )
    svg = str(timeline_svg(case, today=TODAY))
    _parse(svg)
    assert "<script>" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg
    _assert_self_contained(svg.replace("onerror", ""))
    assert "onerror=alert(1)&gt;" in svg  # present only as escaped text


def test_deterministic_for_a_given_record_and_day(db):
    case = metastatic_case()
    TreatmentLineFactory(case=case, start_date=dt.date(2024, 5, 1))
    first = timeline_svg(case, today=TODAY)
    second = timeline_svg(case, today=TODAY)
    assert first == second
    assert timeline_svg(case, today=dt.date(2026, 6, 1)) != first


def test_explicit_lines_are_used_without_queries(db, django_assert_num_queries):
    case = metastatic_case()
    lines = [TreatmentLine(treatment="everolimus", start_date=dt.date(2024, 1, 1))]
    with django_assert_num_queries(0):
        svg = timeline_svg(case, today=TODAY, lines=lines)
    assert len(_bars(_parse(svg))) == 1


def test_axis_ticks_are_calendar_labels(db):
    case = metastatic_case()
    TreatmentLineFactory(case=case, start_date=dt.date(2019, 3, 1))
    svg = timeline_svg(case, today=TODAY)
    years = re.findall(r">(20\d\d)<", svg)
    assert "2020" in years and "2025" in years
