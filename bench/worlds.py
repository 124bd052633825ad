"""Worlds the benchmarks measure: many candidates, each with a submitted exemption."""
import datetime

import bson

from app.models import Application, BusinessType, Candidate, District, Major
from app.models.application import Attachment
from usecases import applications
from app.services.idcard import with_check_digit
from workflows.engine import Actor


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


def submitted_exemptions(people):
    """One submitted exemption of course 00261 per candidate, with one voucher image on record."""
    made = []
    for person in people:
        application = applications.start(person, "exemption")
        Application.objects(pk=application.pk).update_one(
            set__working={"major": "690206", "courses": ["00261"], "evidence": {"00261": {"vouchers": {"0": {
                "type": "学历证书", "number": "N1", "obtained": "2020-06", "province": "天津市"}}}}},
            set__working_attachments=[Attachment(field="evidence.00261.vouchers.0.images", file_id=bson.ObjectId())])
        made.append(applications.submit(application.reload(), Actor.for_candidate(person)))
    return made
