"""Docker does not run here: the deployment file is checked by reading it."""

import runpy
from fnmatch import fnmatch
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_exist():
    assert set(_compose()["services"]) == {"web", "worker", "beat", "db", "redis"}


def test_web_health_is_checked_through_healthz():
    check = _compose()["services"]["web"]["healthcheck"]
    command = " ".join(check["test"])
    # urlopen raises on a 503: the container is then unhealthy.
    assert "http://127.0.0.1:8000/healthz" in command and "urlopen" in command


def test_one_beat_schedules_the_periodic_tasks():
    services = _compose()["services"]
    beat = services["beat"]
    assert beat["command"].startswith("celery -A renaten beat")
    assert beat["environment"] == services["worker"]["environment"]


def test_web_and_worker_share_image_and_environment():
    services = _compose()["services"]
    web, worker = services["web"], services["worker"]
    assert web["image"] == worker["image"]
    assert web["environment"] == worker["environment"]
    assert web["env_file"] == worker["env_file"]
    assert web["environment"]["DJANGO_ENV"] == "production"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "gunicorn" in web["command"]
    assert worker["command"].startswith("celery -A renaten worker")


def test_worker_can_scale():
    worker = _compose()["services"]["worker"]
    # --scale needs no fixed name and no host port.
    assert "container_name" not in worker
    assert "ports" not in worker


def test_named_volumes_for_database_and_generated_files():
    compose = _compose()
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    media = compose["services"]["web"]["environment"]["MEDIA_ROOT"]
    assert f"media:{media}" in compose["services"]["web"]["volumes"]
    assert compose["services"]["web"]["volumes"] == compose["services"]["worker"]["volumes"]


def test_dockerfile_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "gunicorn" in dockerfile


def test_build_context_leaves_out_local_state():
    # Patterns as Docker reads them: one a line, "#" comments, a trailing "/" optional.
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = {line.strip().rstrip("/") for line in lines if line.strip()[:1] not in ("", "#")}
    for path in (".venv", ".git", "var", "db.sqlite3", "db.sqlite3-journal"):
        assert any(fnmatch(path, pattern) for pattern in patterns), path


def test_web_serves_with_the_benchmarked_gunicorn_settings():
    # One gunicorn.conf.py for the image, compose and `make bench`: the figures are production's.
    web = _compose()["services"]["web"]
    assert "--config gunicorn.conf.py" in web["command"]
    assert '"--config", "gunicorn.conf.py"' in (ROOT / "Dockerfile").read_text()
    assert '"gunicorn.conf.py"' in (ROOT / "benchmarks" / "run.py").read_text()
    scope = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert scope["bind"] == "0.0.0.0:8000"
    assert scope["workers"] >= 3 and scope["threads"] >= 1
