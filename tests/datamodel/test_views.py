"""Generated admin screens over MongoDB: lists, search, show, add, edit, delete, errors."""
import pytest

from app.datamodel import MongoEngineInterface
from app.extensions import db
from app.models import AuditEntry, Candidate, Course, District
from bench.roundtrips import counting
from tests.fixtures import staff_client, text

LISTS = ["districtview", "universityview", "majorview", "courseview", "majorplanview", "planmoduleview",
         "electivegroupview", "candidateview", "scoreview", "auditview"]


@pytest.mark.parametrize("view", LISTS)
def test_every_generated_list_shows_rows(admin_client, view):
    response = admin_client.get(f"/{view}/list/")

    assert response.status_code == 200
    assert "Record Count" in text(response) or "记录数" in text(response)


@pytest.mark.parametrize("view", [v for v in LISTS if v != "auditview"])
def test_every_generated_add_form_opens(admin_client, view):
    assert admin_client.get(f"/{view}/add").status_code == 200


def test_list_of_majors_shows_the_manuals_codes_and_labels(admin_client):
    page = text(admin_client.get("/majorview/list/"))

    for shown in ["030101K", "120402", "120103", "690206", "本科(专升本)", "专科", "天津师范大学"]:
        assert shown in page


def test_search_by_url_filters_the_list(admin_client):
    page = text(admin_client.get("/courseview/list/?_flt_0_code=0026"))

    assert "行政法学" in page and "英语(专升本)" not in page


def test_sorting_from_the_column_header(admin_client):
    descending = admin_client.get("/courseview/list/?psize_CourseView=100&_oc_CourseView=credits&_od_CourseView=desc").get_data(True)
    ascending = admin_client.get("/courseview/list/?psize_CourseView=100&_oc_CourseView=credits&_od_CourseView=asc").get_data(True)

    # 00015 英语(二) has the most credits (14); a thesis has none.
    assert descending.index("00015") < descending.index("14850")
    assert ascending.index("14850") < ascending.index("00015")


def test_show_and_edit_open_for_a_real_record(admin_client):
    course = Course.objects.get(code="13000")

    assert "英语(专升本)" in text(admin_client.get(f"/courseview/show/{course.pk}"))
    assert admin_client.get(f"/courseview/edit/{course.pk}").status_code == 200


@pytest.mark.parametrize("action", ["show", "edit", "delete"])
@pytest.mark.parametrize("pk", ["not-an-id", "0123456789ab0123456789ab"])
def test_malformed_or_unknown_id_answers_404(admin_client, action, pk):
    send = admin_client.post if action == "delete" else admin_client.get

    assert send(f"/courseview/{action}/{pk}").status_code == 404


@pytest.mark.parametrize("code, message", [
    ("261", "课程代码为5位数字。"),
    ("0026a", "课程代码为5位数字。"),
    ("00261", "该值已被使用。"),
])
def test_add_refused_shows_the_reason_on_the_form_and_keeps_the_input(admin_client, code, message):
    before = Course.objects.count()

    response = admin_client.post("/courseview/add", data={"code": code, "name": "我的新课程", "credits": "4",
                                                          "kind": "theory"})

    assert response.status_code == 200
    assert message in text(response)
    assert 'value="我的新课程"' in response.get_data(True)
    assert Course.objects.count() == before


def test_credits_out_of_range_is_refused_on_the_form(admin_client):
    response = admin_client.post("/courseview/add", data={"code": "99999", "name": "新课", "credits": "99",
                                                          "kind": "theory"})

    assert "学分为0–30的整数（论文可为0，不计学分）。" in text(response)
    assert not Course.objects(code="99999").first()


def test_add_saves_and_is_audited(admin_client):
    response = admin_client.post("/courseview/add", data={"code": "99999", "name": "新课", "credits": "4",
                                                          "kind": "practice"})

    assert response.status_code == 302
    assert Course.objects.get(code="99999").kind == "practice"
    entry = AuditEntry.objects.get(model="Course", action="add")
    assert (entry.actor_name, entry.changes["code"]) == ("admin", {"old": None, "new": "99999"})


def test_edit_to_a_duplicate_is_refused_and_a_good_edit_is_audited(admin_client):
    course = Course.objects.get(code="00261")

    refused = admin_client.post(f"/courseview/edit/{course.pk}", data={"code": "13000", "name": "行政法学",
                                                                       "credits": "5", "kind": "theory"})
    saved = admin_client.post(f"/courseview/edit/{course.pk}", data={"code": "00261", "name": "行政法学",
                                                                     "credits": "6", "kind": "theory"})

    assert "该值已被使用。" in text(refused)
    assert saved.status_code == 302
    assert course.reload().credits == 6
    assert AuditEntry.objects.get(model="Course", action="edit").changes == {"credits": {"old": 5, "new": 6}}


def test_deleting_a_district_with_candidates_is_refused_with_a_reason(admin_client):
    district = District.objects.get(code="120101")

    response = admin_client.post(f"/districtview/delete/{district.pk}", follow_redirects=True)

    assert "仍有其他记录引用此项，不能删除。" in text(response)
    assert District.objects(code="120101").count() == 1


def test_delete_is_audited(admin_client):
    course = Course(code="99998", name="待删除", credits=1).save()

    admin_client.post(f"/courseview/delete/{course.pk}")

    assert not Course.objects(code="99998").first()
    entry = AuditEntry.objects.get(model="Course", action="delete")
    assert entry.summary == "99998 待删除" and entry.changes["name"] == {"old": "待删除", "new": None}


def test_district_reviewer_lists_only_their_district(app, world):
    reviewer = staff_client(app, "heping")

    page = text(reviewer.get("/candidateview/list/?psize_CandidateView=100"))

    assert "张明" in page  # 和平区
    assert "王芳" not in page  # 小店区
    assert page.count("和平区") >= Candidate.objects(district=District.objects.get(code="120101")).count()


def test_district_reviewer_cannot_open_another_districts_candidate(app, world):
    reviewer = staff_client(app, "heping")
    elsewhere = Candidate.objects.get(exam_number="011421104387")  # 小店区

    assert reviewer.get(f"/candidateview/show/{elsewhere.pk}").status_code == 404
    assert "011421104387" not in text(reviewer.get("/scoreview/list/?_flt_0_exam_number=011421104387"))


def test_reviewers_cannot_change_the_catalogue(app, world):
    reviewer = staff_client(app, "province")
    course = Course.objects.get(code="00261")

    reviewer.post(f"/courseview/edit/{course.pk}", data={"code": "00261", "name": "改名", "credits": "5",
                                                         "kind": "theory"})

    assert course.reload().name == "行政法学"


def test_candidate_list_round_trips_do_not_grow_with_page_size(app, admin_client):
    admin_client.get("/candidateview/list/")  # a process's first staff page reads the workflow definitions once
    counts = {}
    for size in (20, 100):
        with app.app_context(), counting(db.engine) as trips:
            response = admin_client.get(f"/candidateview/list/?psize_CandidateView={size}")
        assert response.status_code == 200
        counts[size] = (trips.mongo, trips.sql)

    assert counts[20] == counts[100]


def test_a_staff_page_reads_its_permissions_once_however_many_menu_entries_it_shows(app, admin_client):
    """The menu checks a permission per entry: the administrator sees every entry, a university reviewer a few."""
    tjnu = staff_client(app, "tjnu")
    counts = {}
    for name, client in (("admin", admin_client), ("tjnu", tjnu)):
        client.get("/applicationview/list/")  # a process's first staff page reads the workflow definitions once
        with app.app_context(), counting(db.engine) as trips:
            page = client.get("/applicationview/list/").get_data(True)
        counts[name] = (trips.sql, page.count("/list/"))

    assert counts["admin"][1] > counts["tjnu"][1] + 10  # the administrator's menu has many more entries
    assert counts["admin"][0] <= 5 and counts["tjnu"][0] <= 5, counts  # SQL round trips: not one per entry


def test_a_plan_page_lists_its_modules_and_shows_empty_fields_blank(admin_client):
    from app.models import Major, MajorPlan

    plan = MajorPlan.objects.get(major=Major.objects.get(code="030101K"))

    page = text(admin_client.get(f"/majorplanview/show/{plan.pk}"))

    assert "基础课程" in page and "选修课程" in page and "毕业论文" in page
    assert "None" not in page


@pytest.mark.parametrize("view, model", [("candidateview", "Candidate"), ("majorplanview", "MajorPlan"),
                                         ("planmoduleview", "PlanModule")])
def test_edit_pages_with_related_lists_open(admin_client, view, model):
    import app.models as models

    item = getattr(models, model).objects.first()

    assert admin_client.get(f"/{view}/edit/{item.pk}").status_code == 200


def test_an_optional_choice_is_not_filled_in_by_saving_the_form(admin_client):
    page = admin_client.get(f"/candidateview/edit/{Candidate.objects.get(exam_number='080105408130').pk}")

    # 性别 is optional on the record: its select starts with a blank choice rather than the first sex.
    assert '<option value=""></option>' in page.get_data(True).split('id="sex"')[1].split("</select>")[0]



def test_a_permission_taken_from_a_role_is_refused_at_once_even_within_one_request(app, world):
    """Permissions of roles made on the role page are read once a request; a change to them in that request (or in
    one app context, as a script or a job has) is not overlooked."""
    from app import roles

    security = app.appbuilder.sm
    with app.test_request_context():
        role = security.add_role("档案查阅")
        listing = security.find_permission_view_menu("can_list", roles.APPLICATIONS)
        security.add_permission_role(role, listing)
        user = security.add_user("reader", "查", "阅", "reader@example.com", [role], password="x")
        assert security._has_view_access(user, "can_list", roles.APPLICATIONS)

        role.permissions.remove(listing)  # as the role's edit page does
        db.session.commit()

        assert not security._has_view_access(user, "can_list", roles.APPLICATIONS)

        security.add_permission_role(role, listing)

        assert security._has_view_access(user, "can_list", roles.APPLICATIONS)


def test_a_compact_crud_view_over_documents_is_refused_when_it_is_made(app_ctx):
    from flask_appbuilder import CompactCRUDMixin

    from app.datamodel import MongoModelView

    class CompactCourses(CompactCRUDMixin, MongoModelView):
        datamodel = MongoEngineInterface(Course)

    with pytest.raises(TypeError, match="CompactCRUDMixin does not work over MongoEngine documents.*int()"):
        CompactCourses()


def test_fab_adds_no_unique_check_of_its_own(app, app_ctx):
    """FAB's own would say "Already exists." in English; ours speaks the user's language (tested above)."""
    from app.datamodel.views import UniqueValue

    courses = next(view for view in app.appbuilder.baseviews if type(view).__name__ == "CourseView")
    form = courses.add_form()

    assert not any(type(check).__name__ == "Unique" for check in form.code.validators)
    assert any(isinstance(check, UniqueValue) for check in form.code.validators)
