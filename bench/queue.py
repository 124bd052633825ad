"""The review queue page: round trips per role, and page time against FAB's own list and the bare find.

Run: .venv/bin/python -m bench.queue [size ...]
Grows one demo store to each size in turn (default 10,000 then 50,000 applications: bench/worlds.py QueueWorld)
and, at each:
- counts the MongoDB and SQL round trips of each role's default queue page (和平区 district reviewer, 天津师范大学
  university reviewer, provincial reviewer, administrator) at 20 and at 100 rows a page;
- times 和平区's default queue page (25 rows), alternated in one run with two things on the same rows: FAB's
  SQLAlchemy list over SQLite holding the same applications (district and major joined, the same filter, order
  and page size), and the floor, the bare pymongo find the page makes (its filter, sort and limit, as captured)
  on the same store; and the time the page spends in the store's calls, against that floor.
"""
import statistics
import sys
import time

import config
from app import create_app
from app.extensions import db
from app.services import demo
from bench.roundtrips import counting
from bench.worlds import QueueWorld

TINY = ["300"]
ROLES = (("和平区", "heping"), ("天津师范大学", "tjnu"), ("省级", "province"), ("管理员", "admin"))
ROUNDS = 15
PAGE = "/applicationview/list/?psize_ApplicationView={size}"


def signed_in(app, username):
    client = app.test_client()
    client.post("/login/", data={"username": username, "password": demo.DEMO_PASSWORD})
    return client


def measured(app, client, url):
    """(round trips, rows shown) of one page."""
    client.get(url)  # caches warm, the session's history written
    with app.app_context(), counting(db.engine) as trips:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return trips, response.get_data(as_text=True).count("/applicationview/show/")


def fab_list(rows, district_id, states):
    """A FAB app listing `rows` (dicts of the queue's columns) from SQLite with FAB's own SQLAlchemy datamodel,
    filtered like the district's queue; returns (app, signed-in client, url). Built once per run, refilled after."""
    if FAB_LIST:
        return FAB_LIST[0](rows, district_id, states)
    from flask import Flask
    from flask_appbuilder import AppBuilder, ModelView
    from flask_appbuilder.models.sqla import Model
    from flask_appbuilder.models.sqla.filters import FilterEqualFunction, FilterInFunction
    from flask_appbuilder.models.sqla.interface import SQLAInterface
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String
    from sqlalchemy.orm import relationship

    queued, chosen = [], [0]  # the states the district's queue lists, and its district (read at each request)

    class SqlDistrict(Model):
        __tablename__ = "bench_districts"
        id = Column(Integer, primary_key=True)
        name = Column(String(50))

        def __str__(self):
            return self.name

    class SqlMajor(Model):
        __tablename__ = "bench_majors"
        id = Column(Integer, primary_key=True)
        name = Column(String(100))

        def __str__(self):
            return self.name

    class SqlApplication(Model):
        __tablename__ = "bench_applications"
        __table_args__ = (Index("bench_queue", "district_id", "state", "submitted_at"),)
        id = Column(Integer, primary_key=True)
        type = Column(String(30))
        candidate_name = Column(String(50))
        exam_number = Column(String(20))
        district_id = Column(Integer, ForeignKey("bench_districts.id"))
        district = relationship(SqlDistrict)
        major_id = Column(Integer, ForeignKey("bench_majors.id"))
        major = relationship(SqlMajor)
        state = Column(String(30))
        submitted_at = Column(DateTime)
        last_comment = Column(String(500))


    class QueueView(ModelView):
        datamodel = SQLAInterface(SqlApplication)
        list_columns = ["type", "candidate_name", "exam_number", "district", "major", "state", "submitted_at",
                        "last_comment"]
        base_order = ("submitted_at", "asc")
        base_filters = [["district_id", FilterEqualFunction, lambda: chosen[0]],
                        ["state", FilterInFunction, lambda: queued]]

    app = Flask("fab_list")
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", SECRET_KEY="bench", WTF_CSRF_ENABLED=False,
                      AUTH_TYPE=1, FAB_ADD_SECURITY_API=False, FAB_UPDATE_PERMS=True)
    fab_db = SQLAlchemy()
    fab_db.init_app(app)
    with app.app_context():
        appbuilder = AppBuilder()
        appbuilder.init_app(app, fab_db.session)
        appbuilder.add_view(QueueView, "Queue")
        Model.metadata.create_all(fab_db.engine)
        appbuilder.sm.add_user("bench", "Bench", "Admin", "bench@example.org", appbuilder.sm.find_role("Admin"),
                               "bench-password")
    client = app.test_client()
    client.post("/login/", data={"username": "bench", "password": "bench-password"})

    def load(rows, district_id, states):
        ids = {value: n for n, value in enumerate(sorted({row["district"] for row in rows}
                                                          | {row["major"] for row in rows}), start=1)}
        with app.app_context():
            for table in (SqlApplication, SqlDistrict, SqlMajor):
                fab_db.session.execute(table.__table__.delete())
            fab_db.session.execute(SqlDistrict.__table__.insert(), [{"id": ids[d], "name": str(d)}
                                                                    for d in {row["district"] for row in rows}])
            fab_db.session.execute(SqlMajor.__table__.insert(), [{"id": ids[m], "name": str(m)}
                                                                 for m in {row["major"] for row in rows}])
            fab_db.session.execute(SqlApplication.__table__.insert(), [
                {**{name: row.get(name) for name in ("type", "candidate_name", "exam_number", "state",
                                                     "submitted_at", "last_comment")},
                 "district_id": ids[row["district"]], "major_id": ids[row["major"]]} for row in rows])
            fab_db.session.commit()
        chosen[0] = ids[district_id]
        queued[:] = sorted(states)
        return app, client, "/queueview/list/?psize_QueueView=25"

    FAB_LIST.append(load)
    return load(rows, district_id, states)


FAB_LIST = []  # the FAB list's loader, once built


def timed(call):
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main(*sizes):
    sizes = [int(size) for size in sizes] or [10_000, 50_000]
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        world = QueueWorld()
    clients = {username: signed_in(app, username) for _name, username in ROLES}
    for size in sizes:
        with app.app_context():
            world.grow(size)
        print(f"applications in store: {world.size:,}")
        for name, username in ROLES:
            shown = []
            for page_size in (20, 100):
                trips, rows = measured(app, clients[username], PAGE.format(size=page_size))
                shown.append(f"{rows:>3} rows: MongoDB round trips {trips.mongo}, SQL round trips {trips.sql}")
            print(f"  {name} queue page · " + " · ".join(shown))
        page_timings(app, clients["heping"])


def page_timings(app, client):
    """和平区's queue page, FAB's list of the same rows over SQLite, and the bare find, alternated."""
    from app.models import Application
    from app.scope import staff_scope
    from workflows.reach import reach

    url = PAGE.format(size=25)
    trips, shown = measured(app, client, url)
    (find,) = [q for q in trips.reads("applications") if q.call == "find"]
    with app.test_request_context():
        collection = Application._get_collection()
        heping = app.appbuilder.sm.find_user(username="heping")
        district = staff_scope(heping).district_id
        states = set().union(*reach(heping).waiting.values())
        rows = list(collection.find({}, {"type": 1, "candidate_name": 1, "exam_number": 1, "district": 1, "major": 1,
                                         "state": 1, "submitted_at": 1, "last_comment": 1}))
    fab_app, fab_client, fab_url = fab_list(rows, district, states)
    listed = fab_client.get(fab_url).get_data(as_text=True).count("/queueview/show/")
    assert listed == shown, f"FAB's list shows {listed} rows, the queue {shown}: not the same rows"
    ours, fab, floor, store = [], [], [], []
    for _round in range(ROUNDS):
        with app.app_context(), counting() as trips:
            ours.append(timed(lambda: client.get(url)))
        store.append(trips.seconds)
        fab.append(timed(lambda: fab_client.get(fab_url)))
        with app.app_context():
            floor.append(timed(lambda: list(collection.find(find.filter, find.projection).sort(find.sort).limit(
                find.limit))))
    ours, fab, floor, store = (statistics.median(times) * 1000 for times in (ours, fab, floor, store))
    print(f"  和平区 queue page ({shown} rows), median of {ROUNDS} alternated: ours {ours:.1f} ms · "
          f"FAB SQLAlchemy list over SQLite {fab:.1f} ms · bare pymongo find {floor:.1f} ms")
    print(f"  ratio ours / FAB list: {ours / fab:.1f}x · ratio ours / bare find: {ours / floor:.1f}x · "
          f"the page's store calls {store:.1f} ms, ratio to the bare find: {store / floor:.1f}x")


if __name__ == "__main__":
    main(*sys.argv[1:])
