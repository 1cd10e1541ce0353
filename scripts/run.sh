#!/usr/bin/env bash
# `make run`: prepare the database and run the web server, a Celery worker and beat together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-houqin.settings.local}"
$PY manage.py migrate --no-input -v 0
$PY manage.py seed_demo --if-empty
echo
echo "学校后勤管理平台 is starting at http://127.0.0.1:${HOUQIN_PORT:-8000}/  (Ctrl-C stops the web server, worker and beat)"
echo "Demo logins: admin, inspector, supervisor, principal, canteen, staff — password Houqin@2026 (see README)"
echo
exec .venv/bin/honcho -f Procfile.dev start
