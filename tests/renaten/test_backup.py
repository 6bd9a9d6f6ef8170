"""manage.py backup / restore: a round trip of the demo data into a new, empty database gives
the same row count in every table and the same checksum for every file.

The round trip runs on the database the suite runs on: PostgreSQL (pg_dump/pg_restore) in CI,
SQLite (its backup API) on a newcomer's machine. Each step is a real `manage.py` process.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from renaten.backup import MANIFEST, BackupError, read_manifest, verify

ROOT = Path(__file__).resolve().parents[2]
SUITE_DB = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_DB.startswith(("postgres://", "postgresql://"))


def _manage(*args, database_url: str, media: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL"}}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media), DJANGO_ENV="development")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"
    return result.stdout


def _psql(url: str, sql: str) -> None:
    parts = urlsplit(url)
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", maintenance, "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True)  # fmt: skip


@pytest.fixture
def databases(tmp_path):
    """(source URL, target URL): two new, empty databases of the suite's engine."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path}/source.sqlite3", f"sqlite:///{tmp_path}/target.sqlite3"
        return
    parts = urlsplit(SUITE_DB)
    base = parts.path.lstrip("/") or "postgres"
    names = [f"{base}_backup_source", f"{base}_backup_target"]
    urls = [urlunsplit(parts._replace(path=f"/{name}", query="")) for name in names]
    for name in names:
        _psql(SUITE_DB, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _psql(SUITE_DB, f'CREATE DATABASE "{name}"')
    yield tuple(urls)
    for name in names:
        _psql(SUITE_DB, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_into_a_new_database_gives_equal_counts_and_checksums(
    databases, tmp_path
):
    source, target = databases
    media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    _manage("migrate", "--noinput", database_url=source, media=media)
    _manage("load_demo", database_url=source, media=media)
    pdf = media / "dossiers" / "1" / "7" / "dossier-rcp-7.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n% fictif\n%%EOF\n")
    (media / "dossiers" / "1" / "8").mkdir()
    (media / "dossiers" / "1" / "8" / "seance-rcp-2.pdf").write_bytes(os.urandom(50_000))

    said = _manage("backup", str(tmp_path / "backup"), database_url=source, media=media)
    assert "Sauvegarde écrite" in said
    manifest = read_manifest(tmp_path / "backup")
    assert manifest["engine"] == ("postgresql" if ON_POSTGRES else "sqlite")
    assert manifest["tables"]["cases_case"] > 0 and manifest["tables"]["accounts_user"] >= 3
    assert set(manifest["media"]) == {
        "dossiers/1/7/dossier-rcp-7.pdf",
        "dossiers/1/8/seance-rcp-2.pdf",
    }
    for path in [tmp_path / "backup", *(tmp_path / "backup").rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path

    said = _manage("restore", str(tmp_path / "backup"), database_url=target, media=restored_media)
    assert "conformes au manifeste" in said
    # Independently: a backup of the restored installation has the same counts and files.
    _manage("backup", str(tmp_path / "again"), database_url=target, media=restored_media)
    again = read_manifest(tmp_path / "again")
    assert again["tables"] == manifest["tables"]
    assert again["media"] == manifest["media"]


def _fake_backup(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "media" / "d").mkdir(parents=True)
    (folder / "media" / "d" / "a.pdf").write_bytes(b"A")
    (folder / "database.sqlite3").write_bytes(b"db")
    import hashlib

    manifest = {
        "format": "renaten-rcp-backup",
        "version": 1,
        "engine": "sqlite",
        "database": {"file": "database.sqlite3", "sha256": hashlib.sha256(b"db").hexdigest()},
        "tables": {},
        "media": {"d/a.pdf": {"sha256": hashlib.sha256(b"A").hexdigest(), "size": 1}},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize(
    "tamper",
    [
        lambda f: (f / "media" / "d" / "a.pdf").write_bytes(b"B"),
        lambda f: (f / "media" / "d" / "a.pdf").unlink(),
        lambda f: (f / "media" / "d" / "extra.pdf").write_bytes(b"C"),
        lambda f: (f / "database.sqlite3").write_bytes(b"other"),
    ],
    ids=["changed-file", "missing-file", "extra-file", "changed-database"],
)
def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path, tamper):
    folder = _fake_backup(tmp_path)
    verify(folder, read_manifest(folder))  # intact: accepted
    tamper(folder)
    with pytest.raises(BackupError):
        verify(folder, read_manifest(folder))


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    (tmp_path / MANIFEST).write_text('{"format": "autre"}')
    with pytest.raises(BackupError, match="pas une sauvegarde"):
        read_manifest(tmp_path)


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_tables(tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    folder = _fake_backup(tmp_path / "b")
    if ON_POSTGRES:
        manifest = read_manifest(folder)
        manifest["engine"] = "postgresql"
        (folder / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="déjà des tables"):
        call_command("restore", str(folder))
