"""Reading configuration from the environment (no Django import: used by settings)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigurationError(RuntimeError):
    """Raised at start-up when the environment cannot run the app safely."""


TRUE_WORDS = frozenset({"1", "true", "yes"})
FALSE_WORDS = frozenset({"0", "false", "no"})


def env_bool(name: str, default: bool = False) -> bool:
    """true/false, 1/0, yes/no (any letter case); unset or empty: the default.

    Anything else is refused: "flase" or "off-ish" must not silently mean False (or True).
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}: expected true/false, 1/0 or yes/no, got {os.environ[name]!r}"
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name}: expected an integer, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry.

    postgres:// uses psycopg 3 with its connection pool; sqlite:///path (relative to the
    project) is the embedded default.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        options = dict(parse_qsl(parts.query))
        pool_max = int(options.pop("pool_max_size", "10"))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # The pool replaces persistent connections (CONN_MAX_AGE must stay 0).
            "CONN_MAX_AGE": 0,
            # The pool checks a connection before lending it: after a database restart the
            # dead ones are replaced and requests succeed again without restarting the app.
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"pool": {"min_size": 1, "max_size": pool_max, "timeout": 10}, **options},
        }
    if scheme == "sqlite":
        raw = unquote(parts.path)
        # sqlite:///db.sqlite3 is relative to the project; sqlite:////abs/path is absolute.
        path = Path(raw[1:]) if raw.startswith("//") else base_dir / raw.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path if raw != "/:memory:" else ":memory:"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    raise ConfigurationError(f"DATABASE_URL: unsupported scheme {scheme!r}")
