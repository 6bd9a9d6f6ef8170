"""The optional ANS conformance kit (`settings.INTEROP_KIT_DIR`): its validator, or a skip."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings


def kit_dir() -> Path:
    return Path(settings.INTEROP_KIT_DIR)


@cache
def validator():
    """validate_cda.py of the kit as a module, or skip with the reason."""
    script = kit_dir() / "validate_cda.py"
    if not script.is_file():
        pytest.skip(
            f"ANS conformance kit absent ({script} not found): set INTEROP_KIT_DIR to run the "
            "CDA conformance tests"
        )
    pytest.importorskip("saxonche", reason="saxonche (dev dependency) runs the ANS schematrons")
    # Compiled schematrons are cached outside the kit, which is only read.
    os.environ.setdefault("CISIS_CACHE", str(Path(tempfile.gettempdir()) / "renaten-cisis-cache"))
    spec = importlib.util.spec_from_file_location("ans_validate_cda", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def layers(path: Path, volet: str, *, only=("xsd", "volet", "generic")) -> dict[str, list[str]]:
    """Failed assertions per layer: XSD, the volet's schematron, the generic content models."""
    module = validator()
    run = {
        "xsd": lambda: module.xsd_errors(path),
        "volet": lambda: module.schematron_failures(module.VOLETS[volet], path),
        "generic": lambda: module.schematron_failures(module.GENERIC, path),
    }
    return {name: run[name]() for name in only}


def example(name: str) -> Path:
    return kit_dir() / "cisis" / "ExemplesCDA" / name
