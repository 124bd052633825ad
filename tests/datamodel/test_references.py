"""A reference to a document that no longer exists never breaks a page, and every reference says what deleting the
document it refers to does."""
import re

import pytest
from mongoengine import DO_NOTHING, ListField, ReferenceField
from mongoengine.base import _document_registry

import app.models  # noqa: F401  (every document registered)
from app.datamodel import MongoEngineInterface
from app.models import AuditEntry, Course, Major, MajorPlan, PlanModule, University
from tests.fixtures import text

GONE = "（已删除）"


def vanish(document):
    """Remove a document behind MongoEngine's back, as a reference without a delete rule once allowed."""
    type(document)._get_collection().delete_one({"_id": document.pk})


@pytest.fixture
def orphan(app_ctx, store):
    """A major whose university is gone, in a plan whose module requires a course that is gone and one that is not."""
    university = University(code="10108", name="山西大学").save()
    major = Major(code="690206", name="行政管理", level="专科", university=university).save()
    kept, lost = Course(code="00261", name="行政法学", credits=5).save(), Course(code="00312", name="政治学概论",
                                                                              credits=6).save()
    plan = MajorPlan(major=major, total_min_credits=50).save()
    PlanModule(plan=plan, name="核心", required_courses=[kept, lost]).save()
    vanish(university)
    vanish(lost)
    return major


def test_a_missing_reference_reads_as_deleted_on_lists_and_single_records(orphan):
    majors, modules = MongoEngineInterface(Major), MongoEngineInterface(PlanModule)

    listed = majors.query(select_columns=["code", "university"])[1]
    whole = majors.query()[1]
    one = majors.get(str(orphan.pk))
    module = modules.get(str(PlanModule.objects.get(name="核心").pk))

    assert [[str(value) for value in majors.get_values_item(m, ["code", "university"])]
            for m in listed + whole + [one]] == [["690206", GONE]] * 3
    assert modules.get_values_item(module, ["required_courses"]) == [f"00261 行政法学、{GONE}"]


def test_a_record_with_a_missing_reference_saves_without_losing_it(orphan):
    majors = MongoEngineInterface(Major)
    major = majors.get(str(orphan.pk))
    held = Major._get_collection().find_one({"_id": orphan.pk})["university"]

    major.name = "行政管理学"
    majors.edit(major)

    stored = Major._get_collection().find_one({"_id": orphan.pk})
    assert (stored["name"], stored["university"]) == ("行政管理学", held)


def test_pages_of_a_record_whose_reference_is_gone_open_and_it_can_be_given_another(admin_client):
    major = Major.objects.get(code="030101K")
    before = str(major.university)
    vanish(major.university)
    other = University.objects.first()

    listed = admin_client.get("/majorview/list/?_flt_0_code=030101K")
    shown = admin_client.get(f"/majorview/show/{major.pk}")
    editing = admin_client.get(f"/majorview/edit/{major.pk}")
    saved = admin_client.post(f"/majorview/edit/{major.pk}", data={
        "code": major.code, "name": major.name, "level": major.level, "status": major.status,
        "university": str(other.pk)})

    assert [page.status_code for page in (listed, shown, editing)] == [200, 200, 200]
    assert GONE in text(listed) and GONE in text(shown) and before not in text(shown)
    assert saved.status_code == 302
    assert major.reload().university == other
    entry = AuditEntry.objects.get(model="Major", action="edit")
    assert entry.changes["university"] == {"old": GONE, "new": str(other)}


def test_a_required_reference_that_is_gone_must_be_chosen_again_to_save(admin_client):
    major = Major.objects.get(code="030101K")
    vanish(major.university)

    form = admin_client.get(f"/majorview/edit/{major.pk}").get_data(True)
    refused = admin_client.post(f"/majorview/edit/{major.pk}", data={
        "code": major.code, "name": "改名", "level": major.level, "status": major.status, "university": "__None"})

    select = re.search(r'<select[^>]*id="university".*?</select>', form, re.S).group(0)
    assert 'value="__None"' in re.findall(r"<option[^>]*>", select)[0]  # a browser shows, and sends, the first
    assert "selected" not in select
    assert refused.status_code == 200
    assert "该字段是必填字段。" in text(refused)
    assert "改名" in refused.get_data(True)
    assert Major.objects.get(pk=major.pk).name != "改名"


# A reference left without a delete rule, on purpose: what keeps the document it refers to.
UNRULED = {("Seat", "district"): "a seat's exam district is its registration's, which that registration keeps"}


def references():
    for name, document in sorted(_document_registry.items()):
        if document._meta.get("abstract") or getattr(document, "_is_document", False) is False:
            continue
        for field_name, field in document._fields.items():
            inner = field.field if isinstance(field, ListField) else field
            if isinstance(inner, ReferenceField):
                yield name, field_name, inner


def test_every_reference_has_a_deliberate_delete_rule():
    unruled = {(name, field) for name, field, reference in references() if reference.reverse_delete_rule == DO_NOTHING}

    assert unruled == set(UNRULED)


def test_deleting_a_university_a_major_still_names_is_refused(admin_client):
    university = Major.objects.get(code="030101K").university

    response = admin_client.post(f"/universityview/delete/{university.pk}", follow_redirects=True)

    assert "仍有其他记录引用此项，不能删除。" in text(response)
    assert University.objects(pk=university.pk).count() == 1
