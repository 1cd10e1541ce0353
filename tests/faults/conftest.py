"""Fault tests with real processes: a Redis server of the test's own (stopped and started again while
pages are served), Celery workers on it (killed in the middle of their work), a PostgreSQL cluster of
the test's own (restarted under a worker).

The shared Redis (6379) and PostgreSQL (5432) are never stopped: other runs use them. Every worker
here reads the test database, takes its tasks from a Redis server started for the test and sends its
e-mails to a file the test reads (tests/faults/mailbox.py)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, wait_for  # noqa: F401 - wait_for is re-exported for the test modules
from tests.fees.conftest import catalogue, term  # noqa: F401 - the fees fixtures, used here too


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- a Redis server of the test's own --------------------------------------------------------------


class RedisServer:
    """`redis-server` on a free port, without persistence: stopping it loses every queued message,
    as a crashed or restarted production Redis without AOF would."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(settings, monkeypatch):
    """A private Redis for this test: the cache (public pages, throttles) and the Celery broker of
    this process point at it; so do the workers started through `workers`."""
    from houqin.celery import app
    from houqin.public import cache as public_cache

    server = RedisServer()
    server.start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url(0)}}
    monkeypatch.setattr(public_cache, "_client", None)
    monkeypatch.setattr(public_cache, "_local", threading.local())
    previous = app.conf.broker_url
    _broker(app, server.url(1))
    try:
        yield server
    finally:
        _broker(app, previous)
        server.stop()


def _broker(app, url):
    """Send this process's tasks (and control messages) to `url` from now on."""
    from kombu import pools

    # close every broker connection of this process and empty kombu's registry of pools: it keeps
    # one pool per broker URL, so a pool only closed would come back closed for the next test
    pools.reset()
    app.conf.broker_url = url
    app._after_fork()  # forgets the connection and producer pools of the previous broker


# --- Celery workers --------------------------------------------------------------------------------


class Workers:
    """Celery worker processes on this test's queue and private Redis, reading the test database.
    `start()` waits until the worker answers a ping; `kill()` is SIGKILL to the worker and its pool
    children (a lost host or container); the fixture stops whatever is left."""

    def __init__(self, redis: RedisServer, folder: Path):
        from django.conf import settings

        from houqin.core.workers import database_url

        self.redis = redis
        self.queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.folder = folder  # e-mails sent (sent.log) and the switches of tests.notify.worker_rules
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "houqin.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis.url(0),
            "CELERY_BROKER_URL": redis.url(1),
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "tests.faults.mailbox.EmailBackend",
            "FAULTS_MAIL_DIR": str(folder),
            "NOTIFY_TEST_DIR": str(folder),
        }
        self.processes: list[subprocess.Popen] = []

    def start(self, *, pool=("--pool=solo",), env=None, args=(), loglevel="WARNING") -> subprocess.Popen:
        from houqin.celery import app

        hostname = f"{self.queue}-{len(self.processes) + 1}@localhost"
        log = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "houqin", "worker", "-Q", self.queue, "-n", hostname, *pool,
             *args, f"--loglevel={loglevel}", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes the pool children with it
        )
        process.log = log
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[hostname], timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not start: {self.output(process)[-3000:]}")
        return process

    @staticmethod
    def output(process) -> str:
        process.log.seek(0)
        return process.log.read().decode(errors="replace")

    @staticmethod
    def kill(process):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            process.log.close()


@pytest.fixture
def workers(transactional_db, redis_server, tmp_path):
    from houqin.celery import app

    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    pool = Workers(redis_server, tmp_path)
    try:
        yield pool
    finally:
        app.conf.task_always_eager = eager
        pool.stop_all()


def queue_length(redis: RedisServer, queue: str) -> int:
    import redis as redis_py

    return redis_py.Redis.from_url(redis.url(1)).llen(queue)


def unacked(redis: RedisServer) -> int:
    """Messages taken by a worker and not acknowledged yet (kombu's redis transport keeps them in
    the `unacked` hash until the ack, or until they are restored to their queue)."""
    import redis as redis_py

    return redis_py.Redis.from_url(redis.url(1)).hlen("unacked")


# --- a PostgreSQL cluster of the test's own -------------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PrivateCluster:
    """A throw-away PostgreSQL 15 cluster in a temporary folder on a free port, run as the `postgres`
    user (initdb refuses root), trusting local connections; restarted at will."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.socket_dir = folder / "socket"

    def _run(self, *command, **kwargs):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True, **kwargs)

    def init(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket_dir, "postgres", "postgres")
        self._run(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self.start()

    def pg_ctl(self, action, *extra):
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off")
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "server.log", "-w",
                  action, *extra)

    def start(self):
        self.pg_ctl("start")

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")  # every connection is cut, as a crash or a failover would

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def copy_database(self, settings_dict, name: str):
        """A copy of the test database (schema and rows) as `name`: pg_dump piped into psql."""
        self._run(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", name)
        dump = subprocess.Popen(
            [PG_BIN / "pg_dump", "-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432),
             "-U", settings_dict["USER"], "--no-owner", "--no-privileges", settings_dict["NAME"]],
            stdout=subprocess.PIPE, env={**os.environ, "PGPASSWORD": settings_dict["PASSWORD"]})
        load = subprocess.run([PG_BIN / "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", name,
                               "-q", "-v", "ON_ERROR_STOP=1"], stdin=dump.stdout, capture_output=True)
        dump.stdout.close()
        assert dump.wait() == 0 and load.returncode == 0, load.stderr.decode()[-2000:]

    def query(self, database: str, sql: str, params=()):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                             autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture
def private_cluster():
    cluster = PrivateCluster(Path(tempfile.mkdtemp(prefix="houqin-faults-pg-")))
    cluster.init()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)
