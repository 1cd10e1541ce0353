"""Load figures through gunicorn on loopback: a public page under `wrk`, beside a baseline view that
returns a constant response with no middleware, served by the same gunicorn configuration in the
same run (absolute figures drift between machines; the ratio is what holds); and the county's mix —
every key page, signed in as the bureau and as a school, and the public pages, in turn — with its
errors (which must be 0) and latency.

The page runs with `houqin.settings.bench` (production settings over plain HTTP), the baseline with
`houqin.settings.bench_baseline` (no middleware, this module as its URLconf)."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import path as url_path

from houqin.core.workers import database_url

ROOT = Path(__file__).resolve().parent.parent.parent
PUBLIC_SETTINGS = "houqin.settings.bench"
BASELINE_SETTINGS = "houqin.settings.bench_baseline"
BASELINE_PATH = "/"

# p95 and every failure wrk sees: non-2xx responses (wrk itself counts only >= 400) and socket errors.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body) if status < 200 or status > 299 then non2xx = non2xx + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("bench-p95-us %d\\n", latency:percentile(95)))
  io.write(string.format("bench-errors %d\\n", bad + e.connect + e.read + e.write + e.timeout))
end
"""


def constant_response(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [url_path("", constant_response)]  # the baseline's URLconf


def gunicorn_argv(port: int) -> list[str]:
    """The production web command (Dockerfile, docker-compose.yml) on a loopback port, without its
    access log (written by gunicorn for both runs alike, it would only narrow the gap measured)."""
    return [sys.executable, "-m", "gunicorn", "houqin.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "3"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_served(url: str, process: subprocess.Popen, log, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            raise RuntimeError(f"gunicorn did not serve {url} (exit code {process.poll()}):\n{log.read()[-3000:]}")
        time.sleep(0.2)


def _wrk(url: str, duration_s: int, connections: int, script: str) -> dict:
    argv = ["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{duration_s}s",
            "--timeout", "2s", "--latency", "--script", script, url]
    output = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=duration_s + 30).stdout
    figures = {}
    for name, pattern in (("rps", r"Requests/sec:\s+([\d.]+)"), ("p95_us", r"bench-p95-us (\d+)"),
                          ("errors", r"bench-errors (\d+)")):
        match = re.search(pattern, output)
        if match is None:
            raise RuntimeError(f"cannot read {name} from wrk's output:\n{output}")
        figures[name] = float(match.group(1))
    return {"rps": round(figures["rps"], 1), "p95_ms": round(figures["p95_us"] / 1000, 2),
            "errors": int(figures["errors"])}


def _serve_and_load(settings_module: str, path: str, duration_s: int, connections: int, script: str,
                    check=None) -> dict:
    """Start gunicorn with these settings, warm it, load `path`, and always stop it. `check(base_url)`
    runs once gunicorn serves, before the load (the mix checks every page answers 200)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}{path}"
    # the same secret key as this process, so that the sessions made here are valid there
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "DATABASE_URL": database_url(),
           "REDIS_URL": settings.REDIS_URL, "DJANGO_SECRET_KEY": settings.SECRET_KEY}
    log = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(gunicorn_argv(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
                               start_new_session=True)
    try:
        _wait_until_served(url, process, log)
        if check is not None:
            check(f"http://127.0.0.1:{port}")
        _wrk(url, 1, connections, script)  # warm every worker: imports, templates, connections, cache
        return _wrk(url, duration_s, connections, script)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def measure_public_load(path: str, *, duration_s: int = 10, connections: int = 16) -> dict:
    """Requests per second, p95 and errors of `path` (a public page) and of the constant baseline."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        public = _serve_and_load(PUBLIC_SETTINGS, path, duration_s, connections, script.name)
        baseline = _serve_and_load(BASELINE_SETTINGS, BASELINE_PATH, duration_s, connections, script.name)
    figures = {f"public_{name}": value for name, value in public.items()}
    figures.update({f"baseline_{name}": value for name, value in baseline.items()})
    figures["public_vs_baseline"] = round(public["rps"] / baseline["rps"], 3) if baseline["rps"] else 0.0
    return figures


def signed_in_cookie(user) -> str:
    """A session cookie of `user`, stored as a sign-in stores it (sessions live in PostgreSQL)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mix_script(requests: list[tuple[str, str]]) -> str:
    """A wrk script that sends the (path, cookie) requests in turn, counting every non-2xx answer."""
    rows = ",\n".join(f"  {{{_lua_string(path)}, {_lua_string(cookie)}}}" for path, cookie in requests)
    return WRK_SCRIPT + f"""
mix = {{
{rows}
}}
counter = 0
function request()
  counter = counter + 1
  local entry = mix[(counter % #mix) + 1]
  if entry[2] == "" then return wrk.format("GET", entry[1]) end
  return wrk.format("GET", entry[1], {{["Cookie"] = entry[2]}})
end
"""


def _check_every_page(requests: list[tuple[str, str, str]]):
    """Each page of the mix answers 200 once before the load (a redirect to the sign-in page would
    otherwise be counted as a fast page)."""
    def check(base_url: str) -> None:
        wrong = []
        for name, path, cookie in requests:
            request = urllib.request.Request(base_url + path, headers={"Cookie": cookie} if cookie else {})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                    if response.status != 200 or response.url != base_url + path:
                        wrong.append(f"{name}: {response.status} {response.url}")
            except OSError as error:
                wrong.append(f"{name}: {error}")
        if wrong:
            raise RuntimeError("pages of the load mix that do not answer 200: " + "; ".join(wrong))
    return check


def measure_county_load(world: dict, *, duration_s: int = 10, connections: int = 8) -> dict:
    """The county's mix under wrk: every key page (houqin/core/benchpages.py) as its user, in turn."""
    from houqin.core.benchpages import key_pages

    cookies = {"bureau": signed_in_cookie(world["admin"]), "school": signed_in_cookie(world["principal"]),
               "public": ""}
    requests = [(name, url, cookies[who]) for name, who, url in key_pages(world)]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(mix_script([(url, cookie) for _, url, cookie in requests]))
        script.flush()
        figures = _serve_and_load(PUBLIC_SETTINGS, requests[0][1], duration_s, connections, script.name,
                                  check=_check_every_page(requests))
    return {"mix_pages": len(requests), "mix_rps": figures["rps"], "mix_p95_ms": figures["p95_ms"],
            "mix_errors": figures["errors"]}
