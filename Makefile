# 学校后勤管理平台 — the two commands of the README, and a few helpers.
PY := .venv/bin/python
PYTEST_ARGS ?=

.PHONY: setup run test messages check bench backup restore

setup:            ## install and start what the portal needs (idempotent)
	@scripts/setup.sh

run: setup        ## set up, then serve the portal with a Celery worker and beat at http://127.0.0.1:8000
	@scripts/run.sh

test:             ## set up (plus Chromium) and run the whole test suite
	@scripts/setup.sh --test
	@$(PY) -m pytest $(PYTEST_ARGS)

SCALE ?= county
bench: setup      ## build synthetic data (SCALE=county|province) once, measure pages, queries, PDFs; writes bench-results.json
	@BENCH_ARGS="$(BENCH_ARGS)" scripts/bench.sh $(SCALE)

backup: setup     ## back up the database and the uploaded files into backups/<date-time>/ (or TO=dir)
	@$(PY) manage.py backup $(if $(TO),--to "$(TO)")

restore: setup    ## replace the database and the uploaded files with a backup: make restore FROM=backups/<date-time>
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/<date-time>"; exit 2; }
	@$(PY) manage.py restore "$(FROM)" --yes

messages:         ## refresh the zh-hans catalogue from the code and templates
	@$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i "staticfiles/*"

check:            ## Django's checks, migrations up to date, deploy checks under production settings
	@$(PY) manage.py check
	@$(PY) manage.py makemigrations --check --dry-run
	@DJANGO_SETTINGS_MODULE=houqin.settings.production DJANGO_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=houqin.example.cn DATABASE_URL=postgres://houqin:houqin@127.0.0.1:5432/houqin \
	  $(PY) manage.py check --deploy --fail-level WARNING
