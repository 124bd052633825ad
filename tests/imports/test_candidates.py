"""Importing the old system's candidates: new accounts that sign in after setting a password, changed fields updated
and audited, and every refusal with its message."""
import pytest

from app.models import AuditEntry, Candidate, Course, Score
from app.services.idcard import with_check_digit
from tests.accounts.conftest import get_code
from tests.accounts.test_candidate_accounts import home_of, log_in
from tests.accounts.test_recovery import new_password, post_with_code
from tests.fixtures import text

from .fixtures import commit, counts, latest, problems, upload, xlsx

HEADERS = ("准考证号", "档案号", "姓名", "证件类型", "证件号码", "性别", "出生日期", "手机号码", "考籍管理区县", "报考专业")
ID = with_check_digit("14010519880612002")  # born 1988-06-12, the 17th digit even: a woman


def person(**changes):
    values = {"exam_number": "019988000001", "file_number": "0199880001", "name": "周晓", "id_type": "",
              "id_number": ID, "sex": "女", "birth_date": "1988-06-12", "phone": "13912345678", "district": "140105",
              "major": ""}
    values.update(changes)
    return tuple(values.values())


def test_a_new_candidate_signs_in_after_setting_a_password(app, admin_client, client):
    page = upload(admin_client, "candidates", xlsx(HEADERS, [person()]))
    assert counts(page) == {"new": 1, "changed": 0, "unchanged": 0, "refused": 0}
    commit(admin_client)

    imported = Candidate.objects.get(exam_number="019988000001")
    assert (imported.name, imported.other_exam_numbers, imported.phone_verified, imported.district.code) == (
        "周晓", ["0199880001"], False, "140105")
    assert "账号或密码不正确" in text(log_in(client, "019988000001", "!"))  # no password gets in before one is set

    answer = post_with_code(client, "/account/recover/password", "forgot_password",
                            {"id_number": ID, "exam_number": "019988000001", "phone": "13912345678"})
    assert answer.headers["Location"] == "/account/recover/password/new"
    new_password(client, "fresh2024")
    answer = log_in(client, "019988000001", "fresh2024")
    assert answer.headers["Location"] == "/account/login/phone"
    code = get_code(client, "first_login", "")
    answer = client.post("/account/login/phone", data={"sms_code": code})
    assert answer.status_code == 302
    assert "周晓" in home_of(client)


def test_a_changed_candidate_is_updated_and_audited(admin_client, world):
    upload(admin_client, "candidates", xlsx(HEADERS, [person()]))
    commit(admin_client)
    imported = Candidate.objects.get(exam_number="019988000001")
    Score(candidate=imported, exam_number=imported.exam_number, course=Course.objects.first(), mark=70,
          sitting="2019-04").save()

    page = upload(admin_client, "candidates", xlsx(HEADERS, [person(phone="13912345679", district="120101")]))
    assert counts(page) == {"new": 0, "changed": 1, "unchanged": 0, "refused": 0}
    commit(admin_client)

    imported.reload()
    assert (imported.phone, imported.district.code) == ("13912345679", "120101")
    assert Score.objects.get(candidate=imported).district == imported.district
    entry = AuditEntry.objects.get(model="Candidate", object_id=str(imported.pk))
    assert (entry.actor_name, entry.changes["phone"]) == ("admin", {"old": "13912345678", "new": "13912345679"})
    again = upload(admin_client, "candidates", xlsx(HEADERS, [person(phone="13912345679", district="120101")]))
    assert counts(again)["unchanged"] == 1


@pytest.mark.parametrize("changes, column, message", [
    ({"district": "999999"}, "考籍管理区县", "没有代码为 999999 的考籍管理区县"),
    ({"major": "ZZZZZZ"}, "报考专业", "没有代码为 ZZZZZZ 的专业"),
    ({"id_number": "140105198806120020"}, "证件号码", "校验位不正确"),
    ({"id_number": "14010519881312002X"}, "证件号码", "出生日期不存在"),
    ({"birth_date": "1990-01-01"}, "出生日期", "出生日期与身份证号码不符"),
    ({"sex": "男"}, "性别", "性别与身份证号码不符"),
    ({"sex": "未知"}, "性别", "应填写男、女之一"),
    ({"phone": "12345"}, "手机号码", "手机号码为以1开头的11位数字"),
    ({"exam_number": "12345"}, "准考证号", "准考证号为12位数字"),
    ({"file_number": "123"}, "档案号", "档案号为10位数字"),
    ({"birth_date": "昨天"}, "出生日期", "应填写日期"),
    ({"name": ""}, "姓名", "请填写姓名"),
    ({"phone": "{taken_phone}"}, "手机号码", "已被准考证号"),
    ({"id_number": "{taken_id}"}, "证件号码", "已被准考证号"),
])
def test_each_bad_candidate_is_refused_with_its_reason(admin_client, world, changes, column, message):
    other = Candidate.objects.first()
    filled = {name: value.format(taken_phone=other.phone, taken_id=other.id_number) for name, value in changes.items()}
    if "taken_id" in changes.get("id_number", ""):
        filled.update(birth_date="", sex="")
    page = upload(admin_client, "candidates", xlsx(HEADERS, [person(**filled)]))
    assert counts(page)["refused"] == 1
    assert any(row == "2" and shown == column and message in reason for row, shown, reason in problems(page)), \
        problems(page)


def test_duplicates_within_the_file_are_refused(admin_client, world):
    page = upload(admin_client, "candidates", xlsx(HEADERS, [person(), person(exam_number="019988000002")]))
    found = problems(page)
    assert ("3", "证件号码", "与第2行的证件号码重复。") in found and ("3", "手机号码", "与第2行的手机号码重复。") in found
    assert latest().new == 1


def test_full_width_digits_are_read_as_the_code_they_show(admin_client, world):
    """A Chinese input method types ０１９９…; stored so, the record could never be found by its number."""
    page = upload(admin_client, "candidates", xlsx(HEADERS, [person(exam_number="０１９９８８０００００１",
                                                                    district="１４０１０５")]))
    assert counts(page)["new"] == 1, problems(page)
    commit(admin_client)
    assert Candidate.objects.get(exam_number="019988000001").district.code == "140105"
