"""Worlds the benchmarks measure: many candidates, each with a submitted exemption; a store of many applications."""
import datetime
import random

import hashlib
import io

import bson
from PIL import Image

from app.models import Application, BusinessType, Candidate, District, Major
from app.services import files
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
