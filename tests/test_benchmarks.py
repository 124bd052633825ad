"""Every benchmark runs at its tiny size and prints its figures, so none stops working unseen.

A benchmark is a module of bench/ run as a program (`if __name__ == "__main__"`); its module-level
`TINY = [...]` are the arguments of a run of a few seconds. Modules are found by reading bench/, so one added
later is run too.
"""
import ast
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
# A figure as the benchmarks print them: a rate, a ratio, a time, or a count of round trips.
FIGURE = re.compile(r"\d[\d,.]*\s*(?:x|×|ms|s|/s|req/s)(?!\w)|(?:per second|ratio|round trips)\b\D*\d")

# Lines some benchmarks must print besides.
PRINTS = {"transitions": (r"in 10 alternated chunks of 2", r"engine transitions per second .*: [\d,]+\n",
                          r"bare pymongo update_one per second: +[\d,]+\n", r"ratio bare / engine: \d+\.\dx"),
          "pdf": (r"floor: .* [\d.]+ ms\n", r"blank A4 page with the Chinese font: +[\d.]+ ms +\d+x",
                  r"pdf\.document notice .* [\d.]+ ms +\d+x", r"registration form .* [\d.]+ ms +\d+x")}


def benchmarks():
    """{module name: its TINY arguments, or None when it has none} for each program in bench/."""
    found = {}
    for path in sorted((ROOT / "bench").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if "__main__" not in ast.unparse(tree):
            continue
        found[path.stem] = next((ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                                 and [getattr(t, "id", None) for t in node.targets] == ["TINY"]), None)
    return found


def test_the_benchmarks_are_found():
    assert {"transitions", "admin_list_roundtrips", "graduation_audit", "pdf"} <= set(benchmarks())


@pytest.mark.parametrize("name", sorted(benchmarks()))
def test_a_benchmark_at_its_tiny_size_exits_cleanly_and_prints_its_figures(name):
    tiny = benchmarks()[name]
    assert isinstance(tiny, list), f"bench/{name}.py has no TINY = [...], the arguments of a run of a few seconds"

    run = subprocess.run([sys.executable, "-m", f"bench.{name}", *map(str, tiny)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)

    assert run.returncode == 0, run.stderr[-3000:]
    assert FIGURE.search(run.stdout), run.stdout
    for line in PRINTS.get(name, ()):
        assert re.search(line, run.stdout), run.stdout


def test_the_serving_benchmark_refuses_a_run_in_which_a_page_answered_other_than_200():
    """wrk counts a redirect (a signed-out home sent to the sign-in page) as served; the server's log does not."""
    from bench.serve import not_ok

    access = re.search(r"access_log_format = '(.*)'", (ROOT / "gunicorn.conf.py").read_text()).group(1)
    log = "\n".join(access % {"h": "127.0.0.1", "r": f"GET {path} HTTP/1.1", "s": status, "b": "0", "M": "3"}
                    for path, status in [("/home", "200"), ("/healthz", "503"), ("/home", "302"),
                                         ("/bench/bare", "200")])

    assert not_ok(log, {"/home", "/bench/bare"}) == ["302 /home"]
