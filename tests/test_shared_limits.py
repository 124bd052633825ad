"""Served by gunicorn: two servers counting in one Redis (RATELIMIT_STORAGE_URI) are one limit; each request is
a line of the server's output."""
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from bench.serve import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def wait_for(check, what, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what} exited"
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not start within {seconds} s")


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def serve(tmp_path):
    """Start a demo server (one gunicorn worker) with these settings; its base URL once it answers."""
    started = []

    def start(**env):
        port = free_port()
        log = open(tmp_path / f"server-{port}.log", "w")
        process = subprocess.Popen([GUNICORN, "--config", "gunicorn.conf.py", "--workers", "1",
                                    "--bind", f"127.0.0.1:{port}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "SEED_DEMO_ON_START": "0", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                                        **env})
        started.append((process, log))
        process.log_path = tmp_path / f"server-{port}.log"
        return process, f"http://127.0.0.1:{port}"

    def ready(*servers):
        for process, url in servers:
            wait_for(lambda url=url: get(url + "/healthz") == 200, "the server", process)
        return [url for _process, url in servers]

    yield start, ready
    for process, log in started:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_two_servers_on_one_redis_count_one_limit(serve, redis_url):
    """Two captchas from one address on the first server use up the limit of 2 on the second too (counted in
    each process's memory, the second would answer)."""
    start, ready = serve
    env = {"RATELIMIT_STORAGE_URI": redis_url, "CAPTCHA_RATE_LIMIT": "2 per minute"}
    first, second = ready(start(**env), start(**env))

    assert [get(first + "/captcha.png"), get(first + "/captcha.png"), get(second + "/captcha.png")] == [200, 200, 429]


def test_each_request_is_one_line_of_the_servers_output_with_its_status_and_latency(serve):
    start, ready = serve
    server = start()
    (url,) = ready(server)

    assert get(url + "/no-such-page") == 404

    def logged():
        return [line for line in server[0].log_path.read_text().splitlines() if "/no-such-page" in line]

    wait_for(logged, "the request's line", server[0], seconds=10)
    (line,) = logged()
    assert re.search(r'gunicorn\.access: 127\.0\.0\.1 "GET /no-such-page HTTP/1\.1" 404 \d+ \d+ms$', line), line
