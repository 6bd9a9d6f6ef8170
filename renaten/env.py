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


# psycopg_pool retries a lost connection with a doubling delay (1, 2, 4, 8… s) for up to five
# minutes: after a 30 s outage the next attempt could come 30 s after the database is back.
# Giving up after a few seconds instead lets the next request start a fresh attempt at once.
POOL_RECONNECT_SECONDS = 5.0


def _pool_options(max_size: int) -> dict:
    """Connections lent by the pool; a request waits at most `timeout` s before its 503."""
    return {
        "min_size": 1,
        "max_size": max_size,
        "timeout": 10,
        "reconnect_timeout": POOL_RECONNECT_SECONDS,
    }


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
            "OPTIONS": {"pool": _pool_options(pool_max), **options},
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
