"""Every query a queue page makes, for each role, is served by an index the documents declare.

The demo store has no query planner, so the test reads each query's filter and sort as the store was asked and
checks them against the declared indexes as MongoDB would use them: an index serves a query when its first field
is fixed by the query (equal to a value, one of some values, or a text's start), in every branch of an $or; and
a sorted query's sort field is in that index, so no query sorts what it did not find through one.
"""
import re

import pytest

from app.models import Application, District, Major, QueueTally, Score
from bench.roundtrips import counting
from bench.worlds import QueueWorld
from mongoengine.base import _document_registry
from mongoengine.connection import get_db
from tests.fixtures import staff_client
from views.admin.candidates import ScoreView

ROLES = ("heping", "tjnu", "province", "admin")


def _fixed(condition):
    if isinstance(condition, re.Pattern):
        return condition.pattern.startswith("^")
    if isinstance(condition, dict):
        return "$in" in condition or "$eq" in condition
    return True  # equal to a value


def fixed_fields(query):
    """The fields `query` fixes in every document it matches."""
    found = {name for name, condition in query.items() if not name.startswith("$") and _fixed(condition)}
    for part in query.get("$and", []):
        found |= fixed_fields(part)
    branches = query.get("$or")
    if branches:
        found |= set.intersection(*(fixed_fields(branch) for branch in branches))
    return found


def declared(collection):
    """The field lists of the indexes declared on the document stored in `collection`, _id's included; for the
    sessions, which no document declares, those app/sessions.py creates."""
    for document in _document_registry.values():
        if document._meta.get("collection") == collection and not document._meta.get("abstract"):
            return [["_id"]] + [[name for name, _direction in spec["fields"]] for spec in document._meta["index_specs"]]
    return [[name for name, _direction in index["key"]] for index in get_db()[collection].index_information().values()]


def sorts(index, keys, fixed):
    """Whether `index` returns rows in the order of `keys`: they follow each other in it, after fields all fixed."""
    if not keys:
        return True
    for start in range(len(index) - len(keys) + 1):
        if index[start:start + len(keys)] == keys:
            return all(name in fixed for name in index[:start])
    return False


def served(query, sort, indexes, fixed=frozenset()):
    """Whether an index serves `query` sorted by `sort`: one whose first field the query fixes and which gives the
    order, or else, for an $or, one per branch (with what the rest of the query fixes)."""
    fixed = set(fixed) | fixed_fields(query)
    if "_id" in query and not isinstance(query["_id"], dict):
        return True  # one document at most, whatever the sort
    keys = [name for name, _direction in sort]
    if not query:
        return bool(keys) and any(index[:len(keys)] == keys for index in indexes)
    if any(index[0] in fixed and sorts(index, keys, fixed) for index in indexes):
        return True
    outer = {name: condition for name, condition in query.items() if name != "$or"}
    return bool(query.get("$or")) and all(served({**outer, **branch}, sort, indexes, fixed)
                                          for branch in query["$or"])


def pages(application):
    """The queue pages a reviewer opens: the default queue, every state, one type, one state, a name, an exam
    number, a district and a major from the drop-downs, the next application, and the staff home."""
    district, major = District.objects.first(), Major.objects.first()
    return ["/applicationview/list/", "/applicationview/list/?queue=all",
            "/applicationview/list/?_flt_1_type=exemption", "/applicationview/list/?_oc_ApplicationView=submitted_at&_od_ApplicationView=desc",
            "/applicationview/list/?_flt_1_type=exemption&_flt_1_state=provincial_review",
            "/applicationview/list/?_flt_0_candidate_name=考生1",
            f"/applicationview/list/?_flt_1_exam_number={application.exam_number}",
            f"/applicationview/list/?_flt_0_district={district.pk}", f"/applicationview/list/?_flt_0_major={major.pk}",
            "/applicationview/lookup/district?q=和平", "/applicationview/lookup/major?q=05",
            f"/applicationview/lookup/major?id={major.pk}", f"/applicationview/next/{application.pk}",
            "/admin/"]


@pytest.fixture
def stocked(app, world):
    with app.app_context():
        QueueWorld().grow(200)
        return Application.objects(district=District.objects.get(code="120101").pk,
                                   state="district_review").first()


@pytest.mark.parametrize("user", ROLES)
def test_every_query_of_the_queue_pages_is_served_by_a_declared_index(app, stocked, user):
    client = staff_client(app, user)
    unserved = []
    for url in pages(stocked):
        client.get(url)  # what a first visit reads once (the session's history)
        with app.app_context(), counting() as trips:
            assert client.get(url).status_code in (200, 302, 404), url  # 404: an application out of their reach
        with app.app_context():
            unserved += [(url, query.collection, query.filter, query.sort) for query in trips.queries
                         if not served(query.filter, query.sort, declared(query.collection))]

    assert unserved == [], "\n".join(map(str, unserved))


def test_the_checker_refuses_what_no_index_serves():
    indexes = declared(Application._get_collection_name())

    assert not served({"last_comment": "x"}, [], indexes)  # no index on it
    assert not served({"candidate_name": re.compile("考生", re.IGNORECASE)}, [], indexes)  # not its start
    assert not served({"district": 1, "$or": [{"state": "a"}]}, [("updated_at", 1)], indexes)  # sorted in memory
    assert not served({"district": 1}, [("submitted_at", 1)], indexes)  # the state between is not fixed
    assert not served({"district": 1, "state": {"$ne": "draft"}}, [("submitted_at", 1)], indexes)
    assert not served({"$or": [{"exam_number": "1"}, {"last_comment": "x"}]}, [], indexes)  # one branch unserved
    assert served({"district": 1, "state": {"$in": ["a", "b"]}}, [("submitted_at", 1), ("_id", 1)], indexes)
    assert served({"place": "district", "at": 1}, [], declared(QueueTally._get_collection_name()))


def score_pages(score):
    """The staff score list: as opened, and searched by each column its search offers (exam number, course, sitting,
    source, a back-registration's kind, a transfer's province and number there)."""
    pages = ["/scoreview/list/", f"/scoreview/list/?_flt_0_exam_number={score.exam_number}",
             f"/scoreview/list/?_flt_0_course={score.course.pk}", "/scoreview/list/?_flt_0_sitting=2023",
             "/scoreview/list/?_flt_0_source=exemption", "/scoreview/list/?_flt_0_registered_as=exemption",
             "/scoreview/list/?_flt_0_from_province=江西省", "/scoreview/list/?_flt_1_from_exam_number=360101234567"]
    searched = {re.search(r"_flt_\d_(\w+)=", url).group(1) for url in pages[1:]}
    assert searched == set(ScoreView.search_columns), "a search column the list offers is not tried here"
    return pages


@pytest.mark.parametrize("user", ("heping", "province", "admin"))  # the staff who see scores
def test_every_query_of_the_score_list_is_served_by_a_declared_index(app, world, user):
    with app.app_context():
        score = Score.objects(district=District.objects.get(code="120101").pk).first()
    client = staff_client(app, user)
    unserved = []
    for url in score_pages(score):
        client.get(url)
        with app.app_context(), counting() as trips:
            assert client.get(url).status_code == 200, url
        with app.app_context():
            unserved += [(url, query.collection, query.filter, query.sort) for query in trips.queries
                         if not served(query.filter, query.sort, declared(query.collection))]

    assert unserved == [], "\n".join(map(str, unserved))
