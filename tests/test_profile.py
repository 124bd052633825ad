"""The candidate's profile 个人信息: contact fields saved with their rules, identity fields read-only."""
import pytest

from app.models import BusinessType, Candidate
from tests.fixtures import candidate_client, text

LI = "414817170542"

GOOD = {"ethnicity": "回族", "political_status": "cyl", "household_registration": "天津市河东区",
        "prior_education": "zhuanke", "occupation": "工程师", "employer": "天津某建设公司",
        "address": "天津市河东区十一经路1号", "postcode": "300171", "email": "lihua@example.com",
        "landline": "022-24123456", "emergency_contact": "李强", "emergency_phone": "13912345678",
        "full_time_student": "", "disabilities": ""}


@pytest.fixture
def li(app, world):
    return candidate_client(app, LI)


def test_the_profile_shows_identity_read_only_and_how_to_change_it(li):
    BusinessType.objects(key="change").update_one(set__enabled=False)
    page = text(li.get("/profile"))

    assert "李华" in page and "女" in page and "414817170542" in page
    assert Candidate.objects.get(exam_number=LI).id_number in page
    assert "如需修改，请向考籍管理区县申请信息变更。" in page
    assert 'name="name"' not in li.get("/profile").get_data(True)


def test_with_a_change_application_open_the_profile_links_to_it(li):
    html = li.get("/profile").get_data(True)

    assert 'href="/apply/change"' in html
    assert "如需修改，请向考籍管理区县申请信息变更。" not in html


def test_good_contact_details_are_saved(li):
    response = li.post("/profile", data=GOOD, follow_redirects=True)

    assert "个人信息已保存。" in text(response)
    saved = Candidate.objects.get(exam_number=LI)
    assert (saved.ethnicity, saved.political_status, saved.postcode, saved.email, saved.emergency_phone) == (
        "回族", "cyl", "300171", "lihua@example.com", "13912345678")
    assert saved.full_time_student is False and saved.disabilities is None


def test_clearing_a_field_stores_it_as_absent(li):
    li.post("/profile", data=GOOD)

    li.post("/profile", data={**GOOD, "postcode": "", "email": "  "})

    saved = Candidate.objects.get(exam_number=LI)
    assert saved.postcode is None and saved.email is None and saved.employer == "天津某建设公司"


def test_identity_fields_cannot_be_changed_by_posting_them(li):
    li.post("/profile", data={**GOOD, "name": "王五", "id_number": "110101199001011237", "sex": "M",
                              "phone": "13911112222"})

    saved = Candidate.objects.get(exam_number=LI)
    assert (saved.name, saved.sex, saved.phone) == ("李华", "F", "13800000002")
    assert saved.id_number != "110101199001011237"


@pytest.mark.parametrize("field, value, message", [
    ("postcode", "30017", "邮政编码为6位数字。"),
    ("postcode", "30017a", "邮政编码为6位数字。"),
    ("email", "lihua.example.com", "电子邮箱格式不正确，例如 name@example.com。"),
    ("email", "lihua@", "电子邮箱格式不正确，例如 name@example.com。"),
    ("emergency_phone", "23912345678", "手机号码为以1开头的11位数字。"),
    ("emergency_phone", "1391234567", "手机号码为以1开头的11位数字。"),
    ("landline", "24123456", "固定电话为区号加号码，如 022-23456789。"),
    ("employer", "单" * 101, "不能超过100个字。"),
    ("ethnicity", "火星族", "不是有效的选择。"),
])
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_saved(li, field, value, message):
    response = li.post("/profile", data={**GOOD, field: value})

    assert response.status_code == 200
    html = response.get_data(True)
    # The message sits in the block of the field it is about.
    block = html[html.index(f'name="{field}"'):]
    assert message in text(response) and message in block[:block.index("</div>")]
    saved = Candidate.objects.get(exam_number=LI)
    assert (saved.postcode, saved.email, saved.employer) == (None, None, None)


def test_every_bad_field_is_reported_at_once(li):
    page = text(li.post("/profile", data={**GOOD, "postcode": "1", "email": "x", "emergency_phone": "2"}))

    for message in ("邮政编码为6位数字。", "电子邮箱格式不正确，例如 name@example.com。", "手机号码为以1开头的11位数字。"):
        assert message in page


def test_the_profile_needs_a_signed_in_candidate(client, world):
    response = client.get("/profile")

    assert response.status_code == 302 and "/account/login" in response.location
