"""Database round trips of admin lists at 20 and at 100 rows per page: candidates, and the review queue.

Run: .venv/bin/python -m bench.admin_list_roundtrips [count]
Seeds the demo data plus `count` (default 150, at least 100 to fill the larger
page) generated candidates, each with a submitted exemption, signs in as the
administrator, and counts demo-store calls and SQL statements per page.
"""
import sys

import config
from app import create_app
from app.extensions import db
from app.models import Candidate
from bench.roundtrips import counting
from app.services import demo
from bench.worlds import candidates, open_window, submitted_exemptions

TINY = ["100"]
LIST_NAMES = {"candidateview": "CandidateView", "applicationview": "ApplicationView"}


class BenchConfig(config.TestConfig):
    pass


def main(count=150):
    app = create_app(BenchConfig)
    with app.app_context():
        demo.seed()
        open_window()
        submitted_exemptions(candidates(count))
        total = Candidate.objects.count()
    client = app.test_client()
    client.post("/login/", data={"username": "admin", "password": demo.DEMO_PASSWORD})
    print(f"candidates in store: {total}; submitted exemptions: {count}")
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
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
