import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaten.settings")

app = Celery("renaten")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="renaten.ping")
def ping(value: int) -> int:
    """Round-trip check used by the health test of the real worker."""
    return value + 1
