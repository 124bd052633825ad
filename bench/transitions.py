"""Transitions per second on the demo store, and the ratio to a bare conditional update.

Run: .venv/bin/python -m bench.transitions [count]
Fires the district reviewer's "approve" on `count` submitted exemptions, then
times the same number of bare conditional updates (filter on id, state and
version; set the state, bump the version) on the same collection.
"""
import sys
import time

import config
from app import create_app, roles
from app.models import Application
from app.scope import Scope
from app.services import demo
from bench.worlds import candidates, open_window, submitted_exemptions
from workflows.engine import Actor, fire


def main(count=500):
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        open_window()
        reviewer = Actor("staff", "1", "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                         Scope(roles.SCOPE_DISTRICT, "120101"))
        cases = submitted_exemptions(candidates(count))

        started = time.perf_counter()
        for case in cases:
            fire(case, "approve", reviewer)
        engine = count / (time.perf_counter() - started)

        # The same documents, now in provincial_review: a bare conditional update each, no guards or history.
        started = time.perf_counter()
        for case in cases:
            Application.objects(pk=case.pk, state=case.state, version=case.version).update_one(
                set__state="approved", inc__version=1)
        bare = count / (time.perf_counter() - started)

    print(f"applications: {count}")
    print(f"engine transitions per second (guards, history, effects): {engine:,.0f}")
    print(f"bare conditional updates per second:                       {bare:,.0f}")
    print(f"ratio bare / engine: {bare / engine:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
