"""Backup and restore of a whole installation: the database, the media folder, a manifest.

A backup folder holds:
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  its online backup API: consistent while the app runs);
- ``media/``: a copy of MEDIA_ROOT (generated dossiers);
- ``manifest.json``: the format, the engine, every table's row count, and the SHA-256 of the
  database file and of every media file.

Restore checks every checksum before it writes anything, refuses a database that already has
tables, then compares the restored row counts with the manifest. Everything in the folder is
patient data: it is written 0600 in a 0700 folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = "renaten-rcp-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is French, for the operator."""


@dataclass(frozen=True)
class Report:
    folder: Path
    tables: dict[str, int]
    files: int


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP:
        raise BackupError(f"Base de données non prise en charge : {vendor}.")
    return vendor


def table_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict]:
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        files[path.relative_to(root).as_posix()] = {
            "sha256": sha256(path),
            "size": path.stat().st_size,
        }
    return files


def _private_tree(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)


def _pg_env(alias: str) -> tuple[list[str], dict[str, str]]:
    db = connections[alias].settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} introuvable : installez le client PostgreSQL (postgresql-client)."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()[:2000]}")


def backup(folder: Path, *, alias: str = "default") -> Report:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"Le dossier {folder} n'est pas vide.")
    vendor = engine(alias)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    dump = folder / DUMP[vendor]
    connection = connections[alias]
    if vendor == "postgresql":
        args, env = _pg_env(alias)
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(dump),
                *args,
                connection.settings_dict["NAME"],
            ],
            env,
        )
    else:
        connection.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    # Counted after the dump: with the app running, a row added in between shows as a
    # difference at restore time rather than passing unnoticed.
    tables = table_counts(alias)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir():
        shutil.copytree(media_root, folder / MEDIA)
    else:
        (folder / MEDIA).mkdir()
    files = media_files(folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": vendor,
        "database": {"file": dump.name, "sha256": sha256(dump)},
        "tables": tables,
        "media": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    _private_tree(folder)
    return Report(folder, tables, len(files))


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((Path(folder) / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"Manifeste illisible dans {folder} : {error}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Ce dossier n'est pas une sauvegarde RENATEN RCP (version 1).")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Every checksum of the manifest, before anything is written."""
    folder = Path(folder)
    dump = folder / manifest["database"]["file"]
    if not dump.is_file() or sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} : absent ou somme de contrôle différente.")
    found = media_files(folder / MEDIA)
    expected = manifest["media"]
    bad = sorted(
        name
        for name in set(found) | set(expected)
        if found.get(name, {}).get("sha256") != expected.get(name, {}).get("sha256")
    )
    if bad:
        raise BackupError(f"Fichiers absents ou modifiés : {', '.join(bad[:10])}.")


def restore(folder: Path, *, alias: str = "default") -> Report:
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = engine(alias)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"Sauvegarde {manifest['engine']} : ne se restaure pas dans une base {vendor}."
        )
    verify(folder, manifest)
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError(
                "La base cible contient déjà des tables : restaurez dans une base vide."
            )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"MEDIA_ROOT ({media_root}) contient déjà des fichiers.")

    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_env(alias)
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                *args,
                str(dump),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
    shutil.copytree(folder / MEDIA, media_root, dirs_exist_ok=True)

    tables = table_counts(alias)
    if tables != manifest["tables"]:
        differ = sorted(
            name
            for name in set(tables) | set(manifest["tables"])
            if tables.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(f"Nombre de lignes différent après restauration : {', '.join(differ)}.")
    restored = media_files(media_root)
    for name, entry in manifest["media"].items():
        if restored.get(name, {}).get("sha256") != entry["sha256"]:
            raise BackupError(f"Fichier mal restauré : {name}.")
    return Report(folder, tables, len(manifest["media"]))
