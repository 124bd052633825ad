"""Database round trips of the admin candidate list at 20 and at 100 rows per page.

Run: .venv/bin/python -m bench.admin_list_roundtrips
Seeds the demo data plus enough generated candidates to fill 100 rows, signs
in as the administrator, and counts demo-store calls and SQL statements per page.
"""
import datetime

import config
from app import create_app
from app.extensions import db
from app.models import Candidate, District, Major
from app.roundtrips import counting
from app.services import demo
from app.services.idcard import with_check_digit


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
    client = app.test_client()
    client.post("/login/", data={"username": "admin", "password": demo.DEMO_PASSWORD})
    print(f"candidates in store: {total}")
    for size in (20, 100):
        client.get(f"/candidateview/list/?psize_CandidateView={size}")  # warm caches once
        with app.app_context(), counting(db.engine) as trips:
            response = client.get(f"/candidateview/list/?psize_CandidateView={size}")
        rows = response.get_data(as_text=True).count("/candidateview/show/")
        print(f"page size {size:>3}: {rows:>3} rows shown, MongoDB round trips {trips.mongo}, "
              f"SQL round trips {trips.sql}  ({', '.join(trips.mongo_calls)})")


if __name__ == "__main__":
    main()
