#!/usr/bin/env bash
# Idempotent set-up of everything the portal needs on a Debian/Ubuntu machine, without systemd:
# system packages, PostgreSQL and Redis (started if not running), the database role, the Python
# virtualenv and the front-end packages. Each step checks before it acts, so a second run is fast.
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   plus what the test suite needs (Chromium, poppler, zbar)
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
[[ "${1:-}" == "--test" ]] && WITH_TEST=1

DB_USER="${HOUQIN_DB_USER:-houqin}"
DB_PASSWORD="${HOUQIN_DB_PASSWORD:-houqin}"
DB_NAME="${HOUQIN_DB_NAME:-houqin}"
REDIS_PORT="${HOUQIN_REDIS_PORT:-6379}"
PYTHON="${PYTHON:-python3}"
SUDO=""
[[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
STAMPS=.stamps
mkdir -p "$STAMPS"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# --- system packages ---------------------------------------------------------------------------
# wrk: the load generator of `make bench` (public pages through gunicorn), also run by the test suite
packages=(postgresql postgresql-contrib redis-server gettext fonts-noto-cjk libharfbuzz-subset0
          libpango-1.0-0 libpangoft2-1.0-0 python3-venv nodejs npm wrk)
[[ $WITH_TEST -eq 1 ]] && packages+=(chromium poppler-utils zbar-tools)
missing=()
for pkg in "${packages[@]}"; do
  if [[ "$pkg" == nodejs || "$pkg" == npm ]]; then
    command -v "${pkg/nodejs/node}" >/dev/null 2>&1 && continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing system packages: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- PostgreSQL --------------------------------------------------------------------------------
pg_version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
if [[ -z "$pg_version" ]]; then
  pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  say "creating PostgreSQL $pg_version cluster"
  $SUDO pg_createcluster "$pg_version" main >/dev/null
fi
pg_cluster=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v {print $2; exit}')
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1==v {print $3; exit}')
pg_conf="/etc/postgresql/$pg_version/$pg_cluster/conf.d/houqin.conf"
if ! cmp -s scripts/postgresql.conf "$pg_conf"; then
  say "installing the portal's PostgreSQL settings ($pg_conf)"
  $SUDO install -o postgres -g postgres -m 644 scripts/postgresql.conf "$pg_conf"
  if pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" restart
    for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.2; done
  fi
fi
if ! pg_isready -q -h 127.0.0.1 -p "$pg_port"; then
  say "starting PostgreSQL $pg_version/$pg_cluster"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" start
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.2; done
fi
psql_admin() { $SUDO runuser -u postgres -- psql -p "$pg_port" -v ON_ERROR_STOP=1 -qAt "$@"; }
if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'")" != "1" ]]; then
  say "creating database role $DB_USER"
  psql_admin -c "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'")" != "1" ]]; then
  say "creating database $DB_NAME"
  psql_admin -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\" ENCODING 'UTF8' TEMPLATE template0"
fi

# --- Redis -------------------------------------------------------------------------------------
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  say "starting Redis on port $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# --- Python ------------------------------------------------------------------------------------
if [[ ! -x .venv/bin/python ]]; then
  say "creating the virtualenv"
  "$PYTHON" -m venv .venv
fi
req_hash=$(sha256sum requirements.txt | cut -c1-16)
if [[ "$(cat "$STAMPS/requirements" 2>/dev/null)" != "$req_hash" ]]; then
  say "installing Python packages"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import django, celery, weasyprint" 
  echo "$req_hash" > "$STAMPS/requirements"
fi

# --- front-end packages (npm), copied into static/vendor ---------------------------------------
npm_hash=$(cat package.json package-lock.json scripts/vendor.sh | sha256sum | cut -c1-16)
if [[ "$(cat "$STAMPS/npm" 2>/dev/null)" != "$npm_hash" || ! -d static/vendor ]]; then
  say "installing front-end packages"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  scripts/vendor.sh
  echo "$npm_hash" > "$STAMPS/npm"
fi

# --- translations ------------------------------------------------------------------------------
if [[ ! -f locale/zh_Hans/LC_MESSAGES/django.mo || locale/zh_Hans/LC_MESSAGES/django.po -nt locale/zh_Hans/LC_MESSAGES/django.mo ]]; then
  say "compiling translations"
  msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po
fi
