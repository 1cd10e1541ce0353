"""The production recipe (docker-compose.yml, Dockerfile) refers to things that exist, and the
production settings pass Django's deploy checks."""

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services_with_health_checks_and_volumes():
    spec = compose()
    assert set(spec["services"]) >= {"web", "worker", "beat", "db", "redis"}
    for name in ("web", "db", "redis", "worker"):
        assert "healthcheck" in spec["services"][name], name
    assert {"pgdata", "media"} <= set(spec["volumes"])
    web_env = spec["services"]["web"]["environment"]
    for variable in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        assert variable in web_env


def test_compose_commands_refer_to_modules_that_exist():
    spec = compose()
    commands = " ".join(
        " ".join(s["command"]) if isinstance(s.get("command"), list) else str(s.get("command", ""))
        for s in spec["services"].values()
    )
    wsgi = re.search(r"gunicorn\s+([\w.]+):(\w+)", commands)
    assert wsgi, commands
    module = importlib.import_module(wsgi.group(1))
    assert hasattr(module, wsgi.group(2))
    for app in re.findall(r"celery\s+-A\s+([\w.]+)", commands):
        assert hasattr(importlib.import_module(app), "celery_app")
    for command in re.findall(r"manage\.py\s+(\w+)", commands):
        from django.core.management import get_commands

        assert command in get_commands(), command
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.txt" in dockerfile and "collectstatic" in dockerfile


def test_production_settings_pass_the_deploy_checks():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "houqin.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60 + "-a-long-random-production-key-Zq9",
        "DJANGO_ALLOWED_HOSTS": "houqin.example.cn",
        "DATABASE_URL": "postgres://houqin:houqin@127.0.0.1:5432/houqin",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_database_runs_with_the_settings_setup_installs():
    """docker-compose passes PostgreSQL the same settings scripts/setup.sh installs (and CI runs with)."""
    installed = dict(re.findall(r"^(\w+)\s*=\s*(\S+)", (ROOT / "scripts/postgresql.conf").read_text(), re.M))
    command = compose()["services"]["db"]["command"]
    passed = dict(flag.split("=", 1) for flag in command[2::2])
    assert command[1::2] == ["-c"] * len(passed)
    assert passed == installed and "work_mem" in passed
