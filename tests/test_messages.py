"""Site messages 站内消息, feedback 反馈建议 and news 新闻通知, for candidates and for staff."""
import datetime

import pytest
from mongoengine.connection import get_db

from app import migrations
from app.models import AuditEntry, BusinessType, Candidate, Feedback, Message, MessageRead, News
from bench.roundtrips import counting
from usecases import applications
from workflows import types
from tests.fixtures import candidate_client, staff_client, text

ZHANG, LI, WANG = "080105408130", "414817170542", "011421104387"  # 和平区, 河东区, 小店区


@pytest.fixture
def world(world):
    """The demo world without its notices: these tests count messages and news from none."""
    Message.objects.delete()
    MessageRead.objects.delete()
    News.objects.delete()
    return world


def person(exam_number):
    return Candidate.objects.get(exam_number=exam_number)


@pytest.fixture
def letters(world):
    """One message to 李华, one to 张明, one to all."""
    return {"li": Message(recipient=person(LI), title="请补交照片", body="请于本月底前补交登记照片。").save(),
            "zhang": Message(recipient=person(ZHANG), title="合档结果", body="您的合档申请已通过。").save(),
            "all": Message(title="2024年10月考试报名提示", body="网上报名将于9月1日开始。").save()}


@pytest.fixture
def li(app, world):
    return candidate_client(app, LI)


# Candidates: messages

def test_a_candidate_lists_their_own_messages_and_those_to_all(li, letters):
    page = text(li.get("/messages"))

    assert "请补交照片" in page and "2024年10月考试报名提示" in page
    assert "合档结果" not in page


def test_unread_count_shows_in_the_header_and_on_home_and_falls_as_messages_are_read(li, letters):
    assert "站内消息 2 " in text(li.get("/home")) and "站内消息（2条未读）" in text(li.get("/home"))

    opened = li.get(f"/messages/{letters['all'].pk}")

    assert "网上报名将于9月1日开始。" in text(opened)
    assert "站内消息 1 " in text(li.get("/messages"))
    li.get(f"/messages/{letters['all'].pk}")  # opening it again changes nothing
    li.get(f"/messages/{letters['li'].pk}")
    home = text(li.get("/home"))
    assert "条未读" not in home
    assert MessageRead.objects(candidate=person(LI)).count() == 1, "the message to all; the other marks itself"
    assert letters["li"].reload().read_at is not None and letters["zhang"].reload().read_at is None


def test_a_message_to_all_is_read_separately_by_each_candidate(app, li, letters):
    li.get(f"/messages/{letters['all'].pk}")

    assert Message.unread_count(person(LI)) == 1
    assert Message.unread_count(person(ZHANG)) == 2
    assert "站内消息 2 " in text(candidate_client(app, ZHANG).get("/home"))


@pytest.mark.parametrize("url", ["/messages/{zhang}", "/messages/not-an-id", "/messages/0123456789ab0123456789ab"])
def test_another_candidates_message_or_a_guessed_id_is_not_found(li, letters, url):
    response = li.get(url.format(zhang=letters["zhang"].pk))

    assert response.status_code == 404
    assert "合档结果" not in text(response)
    assert MessageRead.objects.count() == 0


def test_messages_are_paged(li, world):
    for n in range(25):
        Message(title=f"通知{n:02d}", body="内容", sent_at=datetime.datetime(2024, 1, 1 + n)).save()

    first, second = text(li.get("/messages")), text(li.get("/messages?page=2"))

    assert "通知24" in first and "通知05" in first and "通知04" not in first and "第 1 / 2 页" in first
    assert "通知04" in second and "通知00" in second and "通知05" not in second


def test_messages_page_round_trips_do_not_grow_with_messages(app, li, world):
    def trips():
        with app.app_context(), counting() as counted:
            assert li.get("/messages").status_code == 200
        return counted.mongo

    for n in range(3):
        Message(recipient=person(LI), title=f"少{n}", body="内容").save()
    few = trips()
    for n in range(30):
        message = Message(title=f"多{n}", body="内容").save()
        if n % 2:
            MessageRead.mark(message, person(LI))

    assert trips() == few


HOME_ROUND_TRIPS = ["sessions.find_one", "candidates.find", "districts.find", "majors.find",  # the candidate
                    "business_types.find", "applications.find",
                    "messages.count_documents", "message_reads.count_documents", "news.find"]


def test_the_home_page_costs_one_round_trip_for_each_thing_it_shows_however_much_the_candidate_has(app, li, world):
    """The session; the candidate with district and major; the open types; the applications waiting for them; the
    unread count (two counts); the latest news."""
    def trips():
        with app.app_context(), counting() as counted:
            assert li.get("/home").status_code == 200
        return counted.mongo_calls

    assert trips() == HOME_ROUND_TRIPS
    now = datetime.datetime.now()
    BusinessType.objects.update(set__enabled=True, set__opens_at=now - datetime.timedelta(days=1),
                                set__closes_at=now + datetime.timedelta(days=30))
    for key in types.SHIPPED.keys() - set(types.not_applied_for()):
        applications.start(person(LI), key)
    for n in range(30):
        message = Message(recipient=person(LI) if n % 3 else None, title=f"多{n}", body="内容").save()
        if n % 2:
            MessageRead.mark(message, person(LI))
        News(title=f"通知{n}", body="内容", published=True, published_at=now - datetime.timedelta(hours=n)).save()

    page = text(li.get("/home"))
    assert "15条未读" in page and "通知0" in page and "成绩复核" in page
    assert trips() == HOME_ROUND_TRIPS


def test_the_unread_count_is_two_counts_on_indexes_that_read_no_message_already_read(app, li, world):
    """Counted, not listed: neither count grows with the messages read or with other candidates' messages."""
    li_, zhang = person(LI), person(ZHANG)
    for n in range(40):
        mine = Message(recipient=li_, title=f"给李华{n}", body="内容").save()
        Message(recipient=zhang, title=f"给张明{n}", body="内容").save()
        if n >= 3:
            MessageRead.mark(mine, li_)
    notice = Message(title="通知", body="内容").save()
    MessageRead.mark(notice, zhang)
    with app.app_context(), counting() as counted:
        assert Message.unread_count(li_) == 4 and Message.unread_count(zhang) == 40
    assert counted.mongo_calls == ["messages.count_documents", "message_reads.count_documents"] * 2

    def indexed(model):
        return [info["key"] for info in model._get_collection().index_information().values()]
    assert [("recipient", 1), ("read_at", 1)] in indexed(Message), "serves the messages to the candidate not read"
    assert [("recipient", 1), ("sent_at", -1)] in indexed(Message), "serves the messages to all"
    assert [("candidate", 1), ("message", 1)] in indexed(MessageRead), "serves those to all the candidate read"


def test_reads_kept_by_the_earlier_release_count_once_moved(app, li, letters):
    opened = datetime.datetime(2024, 1, 1)
    for reader, message in ((LI, "li"), (ZHANG, "zhang"), (LI, "all")):  # a row per message opened, as before
        get_db().message_reads.insert_one({"message": letters[message].pk, "candidate": person(reader).pk,
                                           "read_at": opened})

    migrations.run()

    assert letters["li"].reload().read_at == opened and letters["zhang"].reload().read_at == opened
    assert MessageRead.objects.count() == 1, "the message to all keeps its row"
    assert "条未读" not in text(li.get("/home"))
    assert Message.unread_count(person(ZHANG)) == 1


# Candidates: feedback

GOOD_FEEDBACK = {"title": "成绩查询很慢", "content": "晚上查询成绩要等很久。", "contact": "李华", "phone": "13800000002"}


def test_feedback_is_saved_and_listed_with_its_answer_once_given(app, li):
    response = li.post("/feedback", data=GOOD_FEEDBACK, follow_redirects=True)

    assert "已提交，我们会尽快答复。" in text(response)
    assert "成绩查询很慢" in text(response) and "待答复" in text(response)
    item = Feedback.objects.get(candidate=person(LI))
    assert item.district == person(LI).district
    assert "尚未答复" in text(li.get(f"/feedback/{item.pk}"))


def test_the_feedback_form_offers_the_candidates_name_and_phone(li):
    html = li.get("/feedback").get_data(True)

    assert 'value="李华"' in html and 'value="13800000002"' in html


@pytest.mark.parametrize("field, value, message", [
    ("title", "", "请填写此项。"),
    ("content", "   ", "请填写此项。"),
    ("title", "长" * 101, "不能超过100个字。"),
    ("content", "长" * 2001, "不能超过2000个字。"),
    ("phone", "12345", "联系电话为11位手机号码，或区号加号码，如 022-23456789。"),
    ("phone", "23800000002", "联系电话为11位手机号码，或区号加号码，如 022-23456789。"),
])
def test_bad_feedback_is_refused_with_the_reason_and_nothing_is_saved(li, field, value, message):
    response = li.post("/feedback", data={**GOOD_FEEDBACK, field: value})

    assert response.status_code == 200 and message in text(response)
    assert Feedback.objects.count() == 0


def test_contact_and_phone_are_optional(li):
    li.post("/feedback", data={**GOOD_FEEDBACK, "contact": "", "phone": ""})

    item = Feedback.objects.get()
    assert item.contact is None and item.phone is None


@pytest.mark.parametrize("guess", ["theirs", "not-an-id", "0123456789ab0123456789ab"])
def test_another_candidates_feedback_or_a_guessed_id_is_not_found(app, li, guess):
    theirs = Feedback(candidate=person(ZHANG), title="张明的问题", content="内容").save()

    response = li.get(f"/feedback/{theirs.pk if guess == 'theirs' else guess}")

    assert response.status_code == 404 and "张明的问题" not in text(response)
    assert "张明的问题" not in text(li.get("/feedback"))


# Staff: sending messages

def test_a_district_reviewer_writes_to_a_candidate_of_their_district(app, world):
    heping = staff_client(app, "heping")

    response = heping.post("/messageview/add", data={"recipient": str(person(ZHANG).pk), "title": "请补交材料",
                                                     "body": "请携带身份证原件到区招办。"})

    assert response.status_code == 302
    sent = Message.objects.get(title="请补交材料")
    assert (sent.recipient, sent.district.code, sent.sender) == (person(ZHANG), "120101", "和平区审核员")
    assert AuditEntry.objects.get(model="Message", action="add").actor_name == "heping"
    assert "请补交材料" in text(candidate_client(app, ZHANG).get("/messages"))


def test_a_district_reviewer_can_neither_write_to_all_nor_outside_their_district(app, world):
    heping = staff_client(app, "heping")

    to_all = heping.post("/messageview/add", data={"title": "群发", "body": "内容"})
    elsewhere = heping.post("/messageview/add", data={"recipient": str(person(WANG).pk), "title": "越权",
                                                      "body": "内容"})

    assert "您只能给本辖区的考生发消息，请选择收件考生。" in text(to_all)
    assert elsewhere.status_code == 200
    assert Message.objects.count() == 0
    assert "王芳" not in text(heping.get("/messageview/add"))


def test_a_provincial_reviewer_writes_to_all(app, world):
    province = staff_client(app, "province")

    response = province.post("/messageview/add", data={"title": "报名提示", "body": "报名于9月1日开始。"})

    assert response.status_code == 302
    sent = Message.objects.get(title="报名提示")
    assert sent.recipient is None and sent.district is None and sent.sender == "考试院审核员"
    assert Message.unread_count(person(WANG)) == 1


def test_a_district_reviewer_lists_only_messages_to_their_district(app, letters):
    page = text(staff_client(app, "heping").get("/messageview/list/"))

    assert "合档结果" in page
    assert "请补交照片" not in page and "2024年10月考试报名提示" not in page


# Staff: answering feedback

@pytest.fixture
def question(world):
    return Feedback(candidate=person(ZHANG), title="合档要多久", content="合档申请提交后多久有结果？").save()


def test_a_district_reviewer_answers_and_the_candidate_sees_it(app, question):
    heping = staff_client(app, "heping")

    response = heping.post(f"/feedbackview/edit/{question.pk}", data={"answer": "一般10个工作日内。"})

    assert response.status_code == 302
    question.reload()
    assert (question.answer, question.answered_by) == ("一般10个工作日内。", "和平区审核员")
    assert question.answered_at is not None
    entry = AuditEntry.objects.get(model="Feedback", action="edit")
    assert (entry.actor_name, entry.changes["answer"]) == ("heping", {"old": None, "new": "一般10个工作日内。"})
    zhang = candidate_client(app, ZHANG)
    assert "已答复" in text(zhang.get("/feedback"))
    assert "一般10个工作日内。" in text(zhang.get(f"/feedback/{question.pk}"))


def test_an_empty_answer_is_refused(app, question):
    response = staff_client(app, "heping").post(f"/feedbackview/edit/{question.pk}", data={"answer": " "})

    assert "请填写答复内容。" in text(response)
    assert question.reload().answered_at is None


def test_feedback_from_another_district_is_out_of_a_reviewers_reach(app, question):
    xiaodian = staff_client(app, "xiaodian")

    assert xiaodian.get(f"/feedbackview/show/{question.pk}").status_code == 404
    xiaodian.post(f"/feedbackview/edit/{question.pk}", data={"answer": "越权答复"})
    assert question.reload().answer is None
    assert "合档要多久" in text(staff_client(app, "province").get("/feedbackview/list/"))


# News

def test_published_news_is_on_the_front_page_and_candidate_home_newest_first(app, li, world):
    now = datetime.datetime.now()
    News(title="旧通知", body="旧", published=True, published_at=now - datetime.timedelta(days=3)).save()
    News(title="新通知", body="新的正文", published=True, published_at=now - datetime.timedelta(days=1)).save()
    News(title="草稿通知", body="未发布", published=False).save()
    News(title="定时通知", body="明天发布", published=True, published_at=now + datetime.timedelta(days=1)).save()

    front = text(app.test_client().get("/"))
    home = text(li.get("/home"))

    for page in (front, home):
        assert page.index("新通知") < page.index("旧通知")
        assert "草稿通知" not in page and "定时通知" not in page


@pytest.mark.parametrize("which", ["草稿", "定时", "not-an-id"])
def test_unpublished_news_cannot_be_opened(app, world, which):
    draft = News(title="草稿", body="x", published=False).save()
    later = News(title="定时", body="x", published=True,
                 published_at=datetime.datetime.now() + datetime.timedelta(days=1)).save()

    target = {"草稿": draft.pk, "定时": later.pk}.get(which, which)

    assert app.test_client().get(f"/news/{target}").status_code == 404


def test_anyone_reads_a_published_news_item(app, world):
    item = News(title="考试安排", body="10月19日至20日举行。", published=True).save()

    assert "10月19日至20日举行。" in text(app.test_client().get(f"/news/{item.pk}"))
    assert "考试安排" in text(app.test_client().get("/news"))


def test_admins_publish_news_and_reviewers_cannot(app, admin_client):
    response = admin_client.post("/newsview/add", data={"title": "新闻", "body": "正文", "published": "y",
                                                        "published_at": "2024-09-01 08:00:00"})

    assert response.status_code == 302 and News.objects.get(title="新闻").published
    assert AuditEntry.objects.get(model="News", action="add").actor_name == "admin"
    assert staff_client(app, "province").get("/newsview/list/").status_code == 403
    assert staff_client(app, "heping").post("/newsview/add", data={"title": "越权", "body": "x"}).status_code == 403
    assert News.objects.count() == 1


# Staff screens

@pytest.mark.parametrize("view", ["messageview", "feedbackview", "newsview"])
def test_the_communication_lists_open_for_an_admin(admin_client, letters, question, view):
    response = admin_client.get(f"/{view}/list/")

    assert response.status_code == 200 and "记录数" in text(response)


def test_the_answer_form_shows_the_question(app, question):
    page = text(staff_client(app, "heping").get(f"/feedbackview/edit/{question.pk}"))

    assert "合档要多久：合档申请提交后多久有结果？" in page


@pytest.mark.parametrize("user, sees", [("heping", True), ("province", True), ("tjnu", False)])
def test_the_menu_offers_messages_and_feedback_to_those_who_handle_them(app, world, user, sees):
    page = text(staff_client(app, user).get("/admin/"))

    assert ("消息与反馈" in page) is sees and "新闻通知" not in page


def test_feedback_posts_are_rate_limited(app, li, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "2 per hour")
    posted = {"title": "问题", "content": "内容", "contact": "李华", "phone": "13800000002"}

    statuses = [li.post("/feedback", data=posted).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert Feedback.objects.count() == 2
