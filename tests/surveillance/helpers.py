"""Operated cases for surveillance tests (fictional)."""

import datetime as dt

from tests.cases.factories import CaseFactory


def operated_case(kind: str, *, surgery_date=dt.date(2020, 1, 15), **fields):
    """'tc_n0', 'tc_n_plus' or 'ac': a resected R0 localised carcinoid."""
    values = {
        "tc_n0": {"histology": "typical", "nodal_status": "N0", "tnm_n": "N0"},
        "tc_n_plus": {"histology": "typical", "nodal_status": "N+", "tnm_n": "N1"},
        "ac": {"histology": "atypical", "nodal_status": "N0", "tnm_n": "N0"},
    }[kind]
    return CaseFactory(resected=True, surgery_date=surgery_date, **{**values, **fields})
