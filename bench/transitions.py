"""Transitions per second on the demo store, and the ratio to a bare conditional update.

Run: .venv/bin/python -m bench.transitions [count]
Fires the district reviewer's "approve" on `count` submitted exemptions, then
times the same number of bare conditional updates (filter on id, state and
version; set the state, bump the version) on the same collection.
"""
import datetime
import sys
import time

import bson

import config
from app import create_app, roles
from app.models import Application, BusinessType, Candidate
from app.models.application import Attachment
from app.scope import Scope
from app.services import applications, demo
from workflows.engine import Actor, fire


def _submitted(candidate, actor, count):
    made = []
    for _ in range(count):
        application = applications.start(candidate, "exemption")
        Application.objects(pk=application.pk).update_one(
            set__working={"major": "030101K", "courses": ["00261"], "evidence": {"00261": {"vouchers": {"0": {
                "type": "学历证书", "number": "N1", "obtained": "2020-06", "province": "天津市"}}}}},
            set__working_attachments=[Attachment(field="evidence.00261.vouchers.0.images", file_id=bson.ObjectId())])
        made.append(applications.submit(application.reload(), actor))
    return made


def main(count=500):
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        kind = BusinessType.objects.get(key="exemption")
        kind.opens_at = datetime.datetime.now() - datetime.timedelta(days=1)
        kind.closes_at = datetime.datetime.now() + datetime.timedelta(days=1)
        kind.save()
        candidate = Candidate.objects.get(exam_number="080105408130")
        reviewer = Actor("staff", "1", "和平区审核员", frozenset({roles.DISTRICT_REVIEWER}),
                         Scope(roles.SCOPE_DISTRICT, "120101"))
        cases = _submitted(candidate, Actor.for_candidate(candidate), count)

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
