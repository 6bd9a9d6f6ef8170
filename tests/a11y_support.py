"""axe-core for the browser tests, from the npm registry at test time (never committed).

AXE_CORE_JS may name an axe.min.js already on disk. Otherwise `npm pack axe-core@AXE_VERSION`
fetches the package once into test-artifacts/cache/ (git-ignored) and axe.min.js is read from
the tarball. Without npm or the registry the accessibility tests skip, saying why.
axe-core is MPL-2.0; it is only injected into pages under test, never shipped with the app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

AXE_VERSION = "4.14.1"
CACHE = Path(__file__).resolve().parents[1] / "test-artifacts" / "cache"


def axe_source() -> str:
    """The text of axe.min.js, or pytest.skip with the reason."""
    given = os.environ.get("AXE_CORE_JS")
    if given:
        return Path(given).read_text(encoding="utf-8")
    script = CACHE / f"axe-core-{AXE_VERSION}.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("axe-core SKIPPED: npm not found (install Node.js or set AXE_CORE_JS)")
        CACHE.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination", CACHE],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (subprocess.SubprocessError, OSError) as error:
            pytest.skip(f"axe-core SKIPPED: npm pack axe-core@{AXE_VERSION} failed ({error})")
        tarball = CACHE / f"axe-core-{AXE_VERSION}.tgz"
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/axe.min.js")
            script.write_bytes(member.read())
        tarball.unlink()
    return script.read_text(encoding="utf-8")


def serious_violations(page, source: str) -> list[str]:
    """Run axe on the page; 'rule: target' for every serious or critical violation."""
    # Evaluated through the DevTools protocol: the page's strict CSP refuses inline scripts.
    page.evaluate(source + "\n;true")
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }"
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['targets'])}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]
