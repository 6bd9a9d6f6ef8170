"""The treatment-line timeline as the PDF dossier prints it: the case page's drawing, its words
laid out as text.

WeasyPrint draws an SVG <text> one letter at a time (each letter shaped, positioned and written
to the PDF on its own), which made the timeline's few dozen words cost as much as a page of
prose. The dossier keeps the shapes of cases.timeline's SVG (bars, axis, badges) and sets each
word over it as ordinary text, positioned where the SVG put it: same words, same places, the
cost of one line of text per label. What a PDF never shows (<title> tooltips) is left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cases.timeline import WIDTH

SVG_NS = "http://www.w3.org/2000/svg"
# Where the text's baseline sits below the top of its box, in font sizes: DejaVu Sans's ascent
# and descent (0.928 and 0.236 em) centred in a line box of height 1 (line-height: 1).
BASELINE = 0.846
# An anchored-at-the-middle label is centred in a box this wide (SVG units): wider than any
# label the timeline centres (years, months "01/2025", badge numbers).
MIDDLE_BOX = 80
DEFAULT_FONT_SIZE = 11


def _percent(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def _label(node: ET.Element, height: float) -> str:
    x = float(node.get("x", "0"))
    y = float(node.get("y", "0"))
    size = float(node.get("font-size", DEFAULT_FONT_SIZE))
    anchor = node.get("text-anchor", "start")
    if anchor == "end":
        left, width = 0.0, x
    elif anchor == "middle":
        left, width = x - MIDDLE_BOX / 2, MIDDLE_BOX
    else:
        left, width = x, WIDTH - x
    top = y - BASELINE * size
    style = (
        f"left:{_percent(left / WIDTH * 100)};width:{_percent(width / WIDTH * 100)};"
        f"top:{_percent(top / height * 100)};color:{escape(node.get('fill', '#1d2733'))}"
    )
    size_class = "tl-small" if size < DEFAULT_FONT_SIZE else "tl-text"
    text = escape(node.text or "")
    return f'<span class="{size_class} tl-{anchor}" style="{style}">{text}</span>'


def print_timeline(svg: SafeString) -> SafeString:
    """The timeline SVG (cases.timeline) as the PDF prints it: its shapes in an SVG without
    text, under its labels as text, in a box of the drawing's proportions."""
    root = ET.fromstring(str(svg))  # noqa: S314 — the app's own SVG, every text escaped in it
    height = float(root.get("height"))
    labels = []
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}text":
                labels.append(_label(child, height))
                parent.remove(child)
            elif child.tag == f"{{{SVG_NS}}}title":
                parent.remove(child)
    root.attrib.pop("role", None)
    root.attrib.pop("aria-label", None)
    # Written back with plain names and its xmlns, not through ElementTree's namespace registry
    # (global: another module's registration changed the output).
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG_NS}}}")
    root.set("xmlns", SVG_NS)
    shapes = ET.tostring(root, encoding="unicode")
    return mark_safe(  # noqa: S308 — the shapes are the escaped SVG re-serialised, labels escaped
        f'<div class="timeline-print">{shapes}{"".join(labels)}</div>'
    )
