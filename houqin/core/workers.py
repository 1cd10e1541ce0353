"""A real Celery worker in a process of its own, for the tests and the benchmark: the database it
reads is the caller's, its queue is the caller's, and it is always stopped."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager


def database_url(settings_dict=None) -> str:
    """DATABASE_URL of the connection this process uses (the test database inside tests)."""
    if settings_dict is None:
        from django.db import connection

        settings_dict = connection.settings_dict
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
        **{**settings_dict, "HOST": settings_dict["HOST"] or "127.0.0.1", "PORT": settings_dict["PORT"] or 5432})


@contextmanager
def celery_worker(queue: str, *, settings_module: str, pool: tuple = ("--pool=solo",), env: dict | None = None,
                  timeout: float = 60):
    """Start `celery worker` on `queue` against this process's database; wait until it answers a
    ping; yield the process; stop it (and turn eager tasks off meanwhile)."""
    from django.conf import settings

    from houqin.celery import app

    hostname = f"{queue}@localhost"
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "houqin", "worker", "-Q", queue, "-n", hostname, *pool,
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DATABASE_URL": database_url(),
             "CELERY_QUEUE": queue, "CELERY_TASK_ALWAYS_EAGER": "false", **(env or {})})
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        deadline = time.monotonic() + timeout
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the Celery worker did not start: {log.read().decode(errors='replace')[-2000:]}")
        yield process
    finally:
        app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
