#!/usr/bin/env bash
# make bench [SCALE=county|province|tiny]: build the synthetic data once in its own database
# (houqin_bench_<scale>), then measure the portal on it. The data is kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-county}"
db="houqin_bench_${scale}"
export PGPASSWORD="${PGPASSWORD:-houqin}"
if ! psql -h 127.0.0.1 -U houqin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${db}'" | grep -q 1; then
  createdb -h 127.0.0.1 -U houqin "${db}"
fi
export DJANGO_DEBUG=false  # measured as served: no debug bookkeeping
export DATABASE_URL="postgres://houqin:houqin@127.0.0.1:5432/${db}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py bench_data --scale "${scale}" --if-empty
# each scale's figures are kept; the province run checks its query counts against the county's
compare=""
[[ "${scale}" != county ]] && compare="--compare bench-results-county.json"
.venv/bin/python manage.py bench --scale "${scale}" ${compare} ${BENCH_ARGS:-}
cp bench-results.json "bench-results-${scale}.json"
