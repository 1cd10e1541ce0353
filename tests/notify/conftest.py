"""Notices built through the services, and Celery workers that also load the test-only reminder
rules of tests/notify/worker_rules.py."""

import os
import subprocess
import sys
import time

import pytest

from houqin.notify.choices import Audience
from houqin.notify.models import Notice
from houqin.notify.services import notices as services
from houqin.core.workers import database_url
from tests.conftest import ROOT


def draft(admin, *, title="关于开展秋季食品安全自查的通知", body="各学校：\n请于本月底前完成自查。", audience=Audience.COUNTY,
          townships=(), schools=(), notify_staff=False) -> Notice:
    notice = Notice(county_id=admin.county_id, title=title, body=body, audience=audience, notify_staff=notify_staff)
    return services.notice_save(notice=notice, townships=townships, schools=schools, acting_user=admin)


def published(admin, **kwargs) -> Notice:
    return services.notice_publish(notice=draft(admin, **kwargs), acting_user=admin)


@pytest.fixture
def notice_county(bureau_admin, school_a, school_a2, school_b):
    return published(bureau_admin, title="全县通知")


@pytest.fixture
def notice_a(bureau_admin, school_a):
    """Addressed to school A alone."""
    return published(bureau_admin, title="甲校专项通知", audience=Audience.SCHOOLS, schools=[school_a])


@pytest.fixture
def notice_b(bureau_admin, township_b, school_b):
    """Addressed to the schools of township B."""
    return published(bureau_admin, title="乙镇学校通知", audience=Audience.TOWNSHIPS, townships=[township_b])


@pytest.fixture
def notice_draft(bureau_admin, school_a):
    return draft(bureau_admin, title="未发布的草稿")


@pytest.fixture
def notice_far(far_admin, school_far):
    return published(far_admin, title="外县通知")


# --- Celery workers with the test-only rules -----------------------------------------------------


class Workers:
    """Start and stop worker processes on this run's queue; each also imports the test rules."""

    def __init__(self, tmp_path):
        from django.conf import settings
        from django.db import connection

        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.control_dir = tmp_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "houqin.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "NOTIFY_TEST_DIR": str(tmp_path),
        }
        self.processes: list[tuple[subprocess.Popen, str]] = []
        self.started = 0

    def start(self) -> subprocess.Popen:
        from houqin.celery import app

        self.started += 1
        hostname = f"{self.queue}-{self.started}@localhost"
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "houqin", "worker", "-Q", self.queue, "-n", hostname,
             "-I", "tests.notify.worker_rules", "--pool=solo", "--loglevel=WARNING", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        self.processes.append((process, hostname))
        deadline = time.monotonic() + 30
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.poll() is not None else ""
                pytest.fail(f"the Celery worker did not start: {output[-2000:]}")
        return process

    def stop_all(self):
        for process, _hostname in self.processes:
            if process.poll() is None:
                process.terminate()
        for process, _hostname in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


@pytest.fixture
def workers(transactional_db, tmp_path):
    from houqin.celery import app

    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    pool = Workers(tmp_path)
    try:
        yield pool
    finally:
        app.conf.task_always_eager = previous_eager
        pool.stop_all()
