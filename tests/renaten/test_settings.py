import os
import subprocess
import sys
from pathlib import Path

import pytest

from renaten.env import ConfigurationError, database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env):
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_postgres_url_uses_psycopg_pool():
    db = database_from_url("postgres://u:p%40ss@127.0.0.1:5432/rcp", base_dir=ROOT)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "rcp",
        "u",
        "p@ss",
        "127.0.0.1",
        "5432",
    )
    assert db["OPTIONS"]["pool"]["max_size"] == 10
    assert db["CONN_MAX_AGE"] == 0


def test_sqlite_url_is_relative_to_the_project():
    db = database_from_url("sqlite:///db.sqlite3", base_dir=ROOT)
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ConfigurationError):
        database_from_url("mysql://x@y/z", base_dir=ROOT)


def test_integer_settings_refuse_a_non_number(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "one")
    with pytest.raises(ConfigurationError, match="TRUSTED_PROXY_COUNT"):
        env_int("TRUSTED_PROXY_COUNT", 0)
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", " 2 ")
    assert env_int("TRUSTED_PROXY_COUNT", 0) == 2


def test_production_refuses_to_start_without_secrets():
    result = _manage("check", env={"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("value", ["prod", "Production", "developement"])
def test_a_mistyped_environment_refuses_to_start(value):
    result = _manage("check", env={"DJANGO_ENV": value})
    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr and repr(value) in result.stderr


# Unset (empty): X-Forwarded-For is not trusted at all.
@pytest.mark.parametrize(("value", "expected"), [("", "0"), ("2", "2")])
def test_trusted_proxy_count_is_read_from_the_environment(value, expected):
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)",
        env={"TRUSTED_PROXY_COUNT": value},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_check_deploy_passes_in_production_with_secrets_from_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k" * 10 + "Zq8!vN3#pL0@xT6$wR1^yU4&mE7*bC9(dF2)gH5_" + "s" * 10,
            "ALLOWED_HOSTS": "rcp.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        (" True ", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("", "default"),
    ],
)
def test_boolean_settings_accept_only_plain_words(monkeypatch, value, expected):
    monkeypatch.setenv("AXES_ENABLED", value)
    for default in (True, False):
        wanted = default if expected == "default" else expected
        assert env_bool("AXES_ENABLED", default=default) is wanted


@pytest.mark.parametrize("value", ["on", "off", "flase", "2", "oui", "enabled", "y"])
def test_boolean_settings_refuse_anything_else(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ConfigurationError, match="DEBUG"):
        env_bool("DEBUG", default=True)


def test_a_mistyped_boolean_refuses_to_start():
    result = _manage("check", env={"DEBUG": "flase"})
    assert result.returncode != 0
    assert "ConfigurationError" in result.stderr and "'flase'" in result.stderr


def test_without_django_env_the_app_says_loudly_it_runs_in_development():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ENV"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "DEVELOPMENT mode" in result.stderr and "DEBUG=on" in result.stderr
    chosen = _manage("check", env={"DJANGO_ENV": "development"})
    assert chosen.returncode == 0 and "DEVELOPMENT" not in chosen.stderr
