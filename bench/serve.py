"""Requests per second of the signed-in candidate home against a bare template page, under gunicorn.

Run: .venv/bin/python -m bench.serve [--duration SECONDS] [--rounds N]   (needs wrk: `make system-packages`)
Serves the demo through gunicorn.conf.py with 2 workers, the app preloaded so the seeded in-memory store and one
signed-in candidate's session exist in both. The bench's app alone has a bare route rendering a minimal template,
through the same hooks (session, candidate, headers). wrk then loads the home page and the bare route in turn, at
8 and at 32 clients, `--rounds` times each for `--duration` seconds, and the figures are their totals. Beside
requests per second it prints the workers' CPU time per request (from /proc): on a machine others share, the
rates follow the load while CPU per request does not, and bare ÷ home of it is the ratio an unshared server gives.
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIENTS = (8, 32)
GOAL = 0.7
CANDIDATE = "080105408130"  # 张明
TINY = ["--duration", "1", "--rounds", "1"]


class BenchConfig(config.Config):
    """The served demo, with the captcha and form tokens off so the bench can sign its candidate in (both are
    checked on posts only; the pages measured are gets)."""

    CAPTCHA_ENABLED = False
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"


def bench_app():
    """The app gunicorn preloads: seeded, with the bare route, and the candidate's session written to the file
    BENCH_COOKIE_FILE names."""
    from flask import render_template_string

    from app import create_app
    from app.services import demo

    app = create_app(BenchConfig)

    @app.route("/bench/bare")
    def bare():
        return render_template_string("<!doctype html><title>{{ _('我的首页') }}</title><p>{{ _('您好') }}</p>")

    client = app.test_client()
    signed_in = client.post("/account/login", data={"login": CANDIDATE, "password": demo.DEMO_PASSWORD})
    assert signed_in.status_code == 302, "the bench candidate could not sign in"
    client.get("/home")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    with open(os.environ["BENCH_COOKIE_FILE"], "w") as out:
        out.write(f"{cookie.key}={cookie.value}")
    return app


def free_port():
    """A port nothing listens on now (the tests start their servers on such ports too)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port, cookie_file, log):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    return subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py", "--workers", "2", "--preload",
                             "--bind", f"127.0.0.1:{port}", "bench.serve:bench_app()"], cwd=ROOT,
                            env={**os.environ, "BENCH_COOKIE_FILE": cookie_file, "MONGODB_URI": ""},
                            stdout=log, stderr=subprocess.STDOUT)


def wait_until_served(server, url, cookie_file, log_path, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped:\n" + open(log_path).read()[-3000:])
        try:
            if os.path.getsize(cookie_file) and urllib.request.urlopen(url + "/healthz", timeout=5).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer within {seconds} s")


def page(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.geturl(), response.read().decode()


def workers_cpu(server):
    """Seconds of CPU the server's workers (its child processes) have used so far."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:  # the parent's pid; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def not_ok(log, paths):
    """The server log's answers to `paths` other than 200, as "status path" lines. wrk itself flags only statuses
    from 400 up: a page that sent its clients elsewhere (a lost sign-in, 302) would be measured as served."""
    return [f"{status} {path}" for path, status in re.findall(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) ', log)
            if path in paths and status != "200"]


def wrk(url, cookie, clients, duration):
    """(requests, seconds) of one wrk run; every answer must be a 200 (also checked in the server's log, not_ok)."""
    run = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{duration}s", "-H", f"Cookie: {cookie}", url],
                         capture_output=True, text=True, check=True)
    if "Non-2xx" in run.stdout:
        raise SystemExit(f"{url} answered other than 200:\n{run.stdout}")
    found = re.search(r"(\d+) requests in ([\d.]+)(m?s)", run.stdout)
    seconds = float(found.group(2)) / (1000 if found.group(3) == "ms" else 1)
    return int(found.group(1)), seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of each wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each page at each client count (default 3)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("no wrk: `make system-packages` installs it (Debian's package)")

    port, work = free_port(), tempfile.mkdtemp(prefix="bench-serve-")
    cookie_file, log_path = os.path.join(work, "cookie"), os.path.join(work, "server.log")
    open(cookie_file, "w").close()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        server = serve(port, cookie_file, log)
        try:
            wait_until_served(server, base, cookie_file, log_path)
            cookie = open(cookie_file).read()
            status, landed, html = page(base + "/home", cookie)
            assert status == 200 and landed.endswith("/home") and "张明" in html, "the home page is not signed in"
            pages = {"home": base + "/home", "bare": base + "/bench/bare"}
            totals = {(name, clients): [0, 0.0, 0.0] for name in pages for clients in CLIENTS}
            for _round in range(args.rounds):
                for clients in CLIENTS:
                    for name, url in pages.items():
                        cpu = workers_cpu(server)
                        requests, seconds = wrk(url, cookie, clients, args.duration)
                        totals[name, clients][0] += requests
                        totals[name, clients][1] += seconds
                        totals[name, clients][2] += workers_cpu(server) - cpu
        finally:
            server.terminate()
            server.wait(timeout=30)
    refused = not_ok(open(log_path).read(), {"/home", "/bench/bare"})
    if refused:
        raise SystemExit(f"{len(refused)} answers other than 200, e.g. {refused[0]}: the figures would not be the pages'")
    print(f"gunicorn, 2 workers ({os.cpu_count()} cores); {args.rounds} × {args.duration} s per figure, "
          "home and bare alternated")
    for clients in CLIENTS:
        rate = {name: totals[name, clients][0] / totals[name, clients][1] for name in pages}
        cpu = {name: totals[name, clients][2] / totals[name, clients][0] * 1000 for name in pages}
        print(f"{clients:>2} clients: home {rate['home']:7.0f} req/s, bare {rate['bare']:7.0f} req/s, "
              f"home ÷ bare {rate['home'] / rate['bare']:.2f} (goal ≥ {GOAL}); CPU per request: home "
              f"{cpu['home']:.2f} ms, bare {cpu['bare']:.2f} ms, bare ÷ home {cpu['bare'] / cpu['home']:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
