"""The project stands alone: nothing but the optional conformance kit lives outside it, and the
kit is found through a setting. (.ci/run also runs `make test` from a fresh clone with no
../shared beside it.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SHARED = re.compile(r"""(\.\./|parent\s*/\s*["'])shared\b|/work/shared""")


def _tracked_python_files() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / line for line in out.splitlines()]


def test_no_code_or_test_reads_the_shared_folder_except_through_the_setting():
    offenders = []
    for path in _tracked_python_files():
        if path == Path(__file__) or path.name == "settings.py":
            continue
        if SHARED.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_interop_kit_folder_comes_from_the_environment(tmp_path):
    script = "from django.conf import settings; print(settings.INTEROP_KIT_DIR)"
    env = {**os.environ, "INTEROP_KIT_DIR": str(tmp_path / "kit")}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert out.strip() == str(tmp_path / "kit")
    # Unset: beside the project, where the optional kit is unpacked on a developer machine.
    assert settings.INTEROP_KIT_DIR.parent.parent == settings.BASE_DIR.parent or os.environ.get(
        "INTEROP_KIT_DIR"
    )


def test_the_ci_proves_a_fresh_clone_without_shared():
    script = (ROOT / ".ci" / "run").read_text()
    assert "git clone" in script and "make test" in script
    assert 'test ! -e "$fresh/shared"' in script
