"""Worlds the benchmarks measure: many candidates, each with a submitted exemption; a store of many applications; a
sitting of many registrations."""
import collections
import datetime
import random

import hashlib
import io

import bson
from PIL import Image

from app.models import Application, BusinessType, Candidate, District, ExamRoom, ExamSite, Major, Registration, Sitting
from app.models.exam_site import DEFAULT_ROOM_CAPACITY
from app.services import arrangement, files
from app.services.demo_sitting import coming_code
from usecases import applications
from app.services.idcard import with_check_digit
from workflows.engine import Actor, recount_tallies, workflow_definitions


def open_window(type_key="exemption"):
    kind = BusinessType.objects.get(key=type_key)
    kind.opens_at = datetime.datetime.now() - datetime.timedelta(days=1)
    kind.closes_at = datetime.datetime.now() + datetime.timedelta(days=1)
    kind.save()


def candidates(count, district_code="120101"):
    """`count` (at most 1,000) new candidates of one district, studying 690206."""
    district = District.objects.get(code=district_code)
    major = Major.objects.get(code="690206")
    return [Candidate(exam_number=f"25{n:010d}", id_number=with_check_digit(f"{district_code}19900101{n:03d}"),
                      name=f"测试考生{n}", phone=f"137{n:08d}", district=district, major=major,
                      identity_verified=True, password_hash="x").save() for n in range(count)]


def voucher():
    """A stored voucher picture (a small JPEG), as an upload leaves one."""
    picture = io.BytesIO()
    Image.new("RGB", (120, 80), "#cde").save(picture, "JPEG")
    content = picture.getvalue()
    checked = files.CheckedFile(content, "voucher.jpg", "JPEG", hashlib.sha256(content).hexdigest())
    return files.store(checked, "evidence.00261.vouchers.0.images")


def submitted_exemptions(people):
    """One submitted exemption of course 00261 per candidate, with one voucher picture on record."""
    made, picture = [], voucher()
    for person in people:
        application = applications.start(person, "exemption")
        Application.objects(pk=application.pk).update_one(
            set__working={"major": "690206", "courses": ["00261"], "evidence": {"00261": {"vouchers": {"0": {
                "type": "学历证书", "number": "N1", "obtained": "2020-06", "province": "天津市"}}}}},
            set__working_attachments=[picture])
        made.append(applications.submit(application.reload(), Actor.for_candidate(person)))
    return made



# How the queue world's applications stand, by type (copies of one exemption; a fifth named graduations, which
# universities review): most decided, some waiting at each level, a few sent back.
STANDINGS = {"exemption": (("district_review", 3), ("provincial_review", 2), ("approved", 12), ("rejected", 3)),
             "graduation": (("district_review", 3), ("final_review", 3), ("approved", 12), ("rejected", 2))}
SHARE = {"exemption": 4, "graduation": 1}


class QueueWorld:
    """Applications spread over every district and the demo's majors, submitted a minute apart, of the types and
    standings STANDINGS and SHARE weigh: copies of one exemption submitted through the engine, loaded in bulk,
    then counted into the queue tallies."""

    def __init__(self, seed=1):
        open_window()
        made = submitted_exemptions(candidates(1))[0]
        self.template = dict(Application.objects(pk=made.pk).as_pymongo()[0])
        self.districts = list(District.objects.scalar("id"))
        self.majors = list(Major.objects.scalar("id"))
        self.chooser = random.Random(seed)
        self.kinds = [(key, workflow_definitions.latest(key)[0], [state for state, weight in STANDINGS[key]
                                                                  for _ in range(weight)])
                      for key, share in SHARE.items() for _ in range(share)]
        self.size = 1

    def grow(self, total):
        """Add applications until the store holds `total`."""
        collection = Application._get_collection()
        while self.size < total:
            batch = range(self.size, min(total, self.size + 5000))
            collection.insert_many([self._copy(n) for n in batch])
            self.size = batch.stop
        recount_tallies()
        return self

    def _copy(self, n):
        kind, version, states = self.chooser.choice(self.kinds)
        return {**self.template, "_id": bson.ObjectId(), "type": kind, "workflow_key": kind, "workflow_version": version,
                "district": self.chooser.choice(self.districts), "major": self.chooser.choice(self.majors),
                "state": self.chooser.choice(states), "candidate_name": f"考生{n}", "exam_number": f"26{n:010d}",
                "submitted_at": datetime.datetime(2026, 3, 1, 8, 0) + datetime.timedelta(minutes=n)}


class SittingWorld:
    """The demo's coming sitting at full size: `size` registrations spread evenly over `districts` exam districts
    (the demo's, and more made for it), each choosing and paying one course of each of the timetable's half-days,
    and in each district sites of 30-seat rooms for its registrations with 5% to spare. Raw documents, inserted in
    bulk through the collections."""

    ROOMS_PER_SITE = 40
    SPARE = 1.05

    def __init__(self, size, districts=10, seed=1):
        self.sitting = Sitting.objects.get(code=coming_code(datetime.date.today()))
        self.chooser = random.Random(seed)
        made = District.objects.count()
        for n in range(made, districts):
            District(code=f"{990001 + n}", name=f"测试考区{n + 1}").save()
        self.districts = list(District.objects.order_by("code").scalar("id"))[:districts]
        self.major = Major.objects.get(code="030101K").pk
        by_half = collections.defaultdict(list)
        for code, when in sorted(arrangement.timetable(self.sitting).items()):
            by_half[when].append(code)
        self.halves = [by_half[when] for when in sorted(by_half)]
        self.size = 0
        self.grow(size)
        self.rooms = sum(self._rooms(district, index) for index, district in enumerate(self.districts))

    @property
    def courses(self):
        return self.size * len(self.halves)

    def grow(self, total):
        """Add registrations until the sitting has `total`."""
        collection = Registration._get_collection()
        while self.size < total:
            batch = range(self.size, min(total, self.size + 10_000))
            collection.insert_many([self._registration(n) for n in batch])
            self.size = batch.stop

    def _registration(self, n):
        courses = [self.chooser.choice(codes) for codes in self.halves]
        now = datetime.datetime(2027, 3, 1, 8, 0) + datetime.timedelta(seconds=n)
        return {"_id": bson.ObjectId(), "sitting": self.sitting.pk, "candidate": bson.ObjectId(),
                "exam_number": f"27{n:010d}", "candidate_name": f"考生{n}", "district": self.districts[n % len(
                    self.districts)], "major": self.major, "courses": courses, "paid": courses, "version": 1,
                "review": "none", "submitted_at": now, "first_submitted_at": now}

    def _rooms(self, district, index):
        """Sites of 30-seat rooms enough for the district's registrations; how many rooms."""
        needed = -(-int(self.size / len(self.districts) * self.SPARE) // DEFAULT_ROOM_CAPACITY)
        sites, rooms = [], []
        for start in range(0, needed, self.ROOMS_PER_SITE):
            site = {"_id": bson.ObjectId(), "district": district, "code": f"8{index:03d}{len(sites) + 1:02d}",
                    "name": f"第{index + 1}考区第{len(sites) + 1}考点", "address": "学府路1号", "in_use": True}
            sites.append(site)
            rooms += [{"_id": bson.ObjectId(), "site": site["_id"], "district": district, "number": f"{n:03d}",
                       "capacity": DEFAULT_ROOM_CAPACITY, "in_use": True}
                      for n in range(1, min(self.ROOMS_PER_SITE, needed - start) + 1)]
        ExamSite._get_collection().insert_many(sites)
        ExamRoom._get_collection().insert_many(rooms)
        return needed

    def change(self, share=0.01):
        """Change `share` of the registrations, in turn: a course dropped, the exam district changed, the courses
        unpaid, and a late registration added; {what: how many}."""
        collection = Registration._get_collection()
        chosen = self.chooser.sample(range(self.size), int(self.size * share))
        found = {doc["exam_number"]: doc for doc in collection.find(
            {"sitting": self.sitting.pk, "exam_number": {"$in": [f"27{n:010d}" for n in chosen]}})}
        done = collections.Counter()
        for turn, n in enumerate(chosen):
            doc, what = found[f"27{n:010d}"], ("dropped", "district", "unpaid", "late")[turn % 4]
            done[what] += 1
            if what == "dropped":
                collection.update_one({"_id": doc["_id"]}, {"$set": {"courses": doc["courses"][1:]}})
            elif what == "district":
                moved = self.districts[(self.districts.index(doc["district"]) + 1) % len(self.districts)]
                collection.update_one({"_id": doc["_id"]}, {"$set": {"district": moved}})
            elif what == "unpaid":
                collection.update_one({"_id": doc["_id"]}, {"$set": {"paid": []}})
        self.grow(self.size + done["late"])
        return dict(done)


def copies_of(exam_number, size, first=0):
    """`size` candidates like the one with `exam_number` (verified, of their district and major, without their
    scores), numbered from `first`, inserted raw in one call; their ids."""
    model = Candidate._get_collection().find_one({"exam_number": exam_number})
    docs = [{**model, "_id": bson.ObjectId(), "exam_number": f"27{first + n:010d}", "id_number": f"X{first + n:017d}",
             "phone": f"166{first + n:08d}", "name": f"考生{first + n}"} for n in range(size)]
    Candidate._get_collection().insert_many(docs)
    return [doc["_id"] for doc in docs]
