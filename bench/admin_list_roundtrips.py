"""Database round trips of admin lists at 20 and at 100 rows per page: candidates, and the review queue.

Run: .venv/bin/python -m bench.admin_list_roundtrips
Seeds the demo data plus enough generated candidates and submitted exemptions
to fill 100 rows, signs in as the administrator, and counts demo-store calls
and SQL statements per page.
"""
import datetime

import bson

import config
from app import create_app
from app.extensions import db
from app.models import Application, Candidate, District, Major
from app.models.application import Attachment
from app.roundtrips import counting
from app.services import applications, demo
from app.services.idcard import with_check_digit
from workflows.engine import Actor

LIST_NAMES = {"candidateview": "CandidateView", "applicationview": "ApplicationView"}


class BenchConfig(config.TestConfig):
    pass


def main():
    app = create_app(BenchConfig)
    with app.app_context():
        demo.seed()
        districts, majors = list(District.objects), list(Major.objects)
        for n in range(150):
            Candidate(exam_number=f"25{n:010d}", id_number=with_check_digit(f"12010119900101{n:03d}"),
                      name=f"测试考生{n}", phone=f"1370000{n:04d}", district=districts[n % len(districts)],
                      major=majors[n % len(majors)], password_hash="x",
                      registered_at=datetime.datetime(2024, 1, 1)).save()
        total = Candidate.objects.count()
        applicant = Candidate.objects.get(exam_number="011422045126")
        actor = Actor.for_candidate(applicant)
        for _ in range(150):
            application = applications.start(applicant, "exemption")
            Application.objects(pk=application.pk).update_one(set__working={
                "major": "690206", "courses": ["00261"], "evidence": {"00261": {"vouchers": {"0": {
                    "type": "学历证书", "number": "N1", "obtained": "2020-06", "province": "天津市"}}}}},
                set__working_attachments=[Attachment(field="evidence.00261.vouchers.0.images",
                                                     file_id=bson.ObjectId())])
            applications.submit(application.reload(), actor)
    client = app.test_client()
    client.post("/login/", data={"username": "admin", "password": demo.DEMO_PASSWORD})
    print(f"candidates in store: {total}; submitted exemptions: 150")
    for view in ("candidateview", "applicationview"):
        for size in (20, 100):
            url = f"/{view}/list/?psize_{LIST_NAMES[view]}={size}"
            client.get(url)  # warm caches once
            with app.app_context(), counting(db.engine) as trips:
                response = client.get(url)
            rows = response.get_data(as_text=True).count(f"/{view}/show/")
            print(f"{view} page size {size:>3}: {rows:>3} rows shown, MongoDB round trips {trips.mongo}, "
                  f"SQL round trips {trips.sql}")


if __name__ == "__main__":
    main()
