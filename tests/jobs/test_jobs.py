"""Background jobs: run by a real consumer in memory and on Redis, their progress recorded, failures retried and
shown to staff, a failed one run again; the batch graduation pre-audit within each staff user's scope."""
import datetime
import time

import pytest

from app.jobs import progressed, submit
from app.jobs.queue import Queue, interrupt_stale, start_embedded
from app.models import AuditEntry, Job, Major, MajorPlan
from app.models.job import FINISHED
from app.scope import Scope
from app.services import preaudit
from tests.accounts.test_sms import send
from tests.fixtures import staff_client, text

ZHANG = "080105408130"  # 张明, 法学 030101K, 和平区: the one candidate of his major with every course passed


def finished(job_id, timeout=20):
    """The job once it has finished (a consumer runs it in other threads)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects(pk=job_id).first()
        if job and job.state in FINISHED:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job and job.state} after {timeout} s")


@pytest.fixture
def heard():
    """Every progress report, as (done, total)."""
    reports = []

    def listen(_job_id, done, total):
        reports.append((done, total))

    progressed.connect(listen)
    yield reports
    progressed.disconnect(listen)


def law():
    return Major.objects.get(code="030101K")


def start(client, major):
    """Choose a major on 批量毕业预审 and start; the job's page is where it leads."""
    response = client.post("/preaudit/", data={"target": f"major:{major.pk}"})
    assert response.status_code == 302, text(response)
    return Job.objects.get(pk=response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_a_preaudit_runs_on_the_consumer_and_its_progress_moves(app, world, consumer, heard, monkeypatch):
    monkeypatch.setitem(app.config, "PREAUDIT_BATCH_SIZE", 2)
    heping = staff_client(app, "heping")

    job = finished(start(heping, law()).pk)

    assert heard == [(0, 5), (2, 5), (4, 5), (5, 5)]  # the five 法学 candidates of 和平区, two at a time
    assert (job.state, job.done, job.total, job.attempts) == ("done", 5, 5, 1)
    assert job.result.counts == {"eligible": 1, "one_short": 0, "not_eligible": 4}
    page = text(heping.get(f"/jobview/show/{job.pk}"))
    assert "符合毕业条件（1人）" in page and "差一门课程（0人）" in page and "其余考生：4人。" in page
    assert f"{ZHANG} 张明 和平区 030101K 法学" in page
    listed = text(heping.get("/jobview/list/"))
    assert "批量毕业预审：030101K 法学" in listed and "符合毕业条件1人，差一门课程0人，其余4人" in listed and "100%" in listed


def test_a_failing_send_is_retried_by_the_consumer_then_shown_with_its_error(app, consumer, client, monkeypatch,
                                                                             world):
    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:DownGateway")

    send(client)
    job = finished(Job.objects.get(kind="sms").pk)

    assert (job.state, job.attempts) == ("failed", 3)
    listed = text(staff_client(app, "admin").get("/jobview/list/"))
    assert "短信服务商未能发送，请检查短信服务配置。" in listed and "失败" in listed


def test_a_code_goes_out_through_the_consumer(app, consumer, client, monkeypatch):
    from tests.accounts.test_sms import PHONE, Outbox

    monkeypatch.setitem(app.config, "SMS_BACKEND", "tests.accounts.test_sms:Outbox")
    monkeypatch.setattr(Outbox, "sent", [])

    send(client)
    finished(Job.objects.get(kind="sms").pk)

    assert [phone for phone, _text in Outbox.sent] == [PHONE]


def test_a_failed_preaudit_shows_its_error_and_staff_run_it_again(app, world, monkeypatch, caplog):
    def crash(report, majors, scope):
        raise ConnectionError("store went away")

    heping = staff_client(app, "heping")
    monkeypatch.setattr(preaudit, "run", crash)
    job = start(heping, law()).reload()
    monkeypatch.undo()

    assert (job.state, job.error) == ("failed", "任务执行出错，详细原因已记入服务器日志。")
    assert "store went away" in caplog.text
    page = text(heping.get(f"/jobview/show/{job.pk}"))
    assert "任务执行出错，详细原因已记入服务器日志。" in page and "重试" in page

    heping.post(f"/jobview/retry/{job.pk}")

    job.reload()
    assert (job.state, job.attempts, job.error) == ("done", 2, None)
    retried = AuditEntry.objects.get(action="retry")
    assert (retried.actor_name, retried.summary) == ("heping", "批量毕业预审：030101K 法学")
    assert retried.labelled_changes == {"状态": {"old": "失败", "new": "排队中"}}
    assert AuditEntry.objects(action="start", object_id=str(job.pk)).count() == 1


def test_only_a_failed_job_is_run_again(app, world):
    heping = staff_client(app, "heping")
    job = start(heping, law())

    heping.post(f"/jobview/retry/{job.pk}")

    assert job.reload().attempts == 1 and not AuditEntry.objects(action="retry")


def test_staff_see_only_their_own_jobs_and_an_administrator_every_one(app, world):
    job = start(staff_client(app, "heping"), law())
    other = staff_client(app, "xiaodian")

    assert other.get(f"/jobview/show/{job.pk}").status_code == 404
    assert "030101K" not in text(other.get("/jobview/list/"))
    assert other.get(f"/jobview/progress?id={job.pk}").json == {"jobs": []}
    assert other.post(f"/jobview/retry/{job.pk}").status_code == 404
    admin = staff_client(app, "admin")
    assert "批量毕业预审：030101K 法学" in text(admin.get("/jobview/list/"))
    assert admin.get(f"/jobview/progress?id={job.pk}&id=nonsense").json["jobs"][0]["percent"] == 100


def test_a_preaudit_lists_only_candidates_within_the_scope(app, world):
    xiaodian = staff_client(app, "xiaodian")

    job = start(xiaodian, law()).reload()

    assert (job.total, job.result.counts) == (3, {"eligible": 0, "one_short": 0, "not_eligible": 3})
    assert ZHANG not in text(xiaodian.get(f"/jobview/show/{job.pk}"))


def test_a_university_preaudits_only_the_majors_it_sponsors(app, world):
    tjnu = staff_client(app, "tjnu")
    offered = text(tjnu.get("/preaudit/"))
    others = [m for m in Major.objects if m.university.code != "10065" and m.code not in offered]

    response = tjnu.post("/preaudit/", data={"target": f"major:{others[0].pk}"})

    assert "请选择要预审的专业或主考院校。" in text(response) and not Job.objects
    assert all(m.code in offered for m in preaudit.majors(Scope("university", "10065")))


def test_the_preaudit_page_is_in_chinese_and_in_the_menu(app, world):
    page = text(staff_client(app, "heping").get("/preaudit/"))

    assert "批量毕业预审" in page and "开始预审" in page and "030101K 法学" in page and "后台任务" in page


def test_no_worker_runs_without_redis_nor_on_the_demo_store(app, monkeypatch):
    runner = app.test_cli_runner()

    assert "REDIS_URL is not set" in runner.invoke(args=["jobs", "work"]).output
    monkeypatch.setitem(app.extensions, "jobs", Queue(app, "redis://127.0.0.1:1/0"))  # connects to nothing yet
    assert "MONGODB_URI is not set" in runner.invoke(args=["jobs", "work"]).output


def test_the_serving_process_consumes_only_where_no_worker_could(app, monkeypatch):
    assert start_embedded(app) is None  # the tests' queue runs each job at once
    monkeypatch.setitem(app.extensions, "jobs", Queue(app, "redis://127.0.0.1:1/0"))  # connects to nothing yet
    monkeypatch.setitem(app.config, "DEMO_MODE", False)
    assert start_embedded(app) is None  # `make worker` runs them


def test_of_several_workers_only_the_one_asked_to_queues_the_schedule(app, monkeypatch):
    built = []
    monkeypatch.setattr(Queue, "consumer", lambda self, embedded=False, schedule=True: built.append(schedule) or
                        type("Idle", (), {"run": lambda _self: None})())
    monkeypatch.setitem(app.extensions, "jobs", Queue(app, "redis://127.0.0.1:1/0"))
    monkeypatch.setitem(app.config, "DEMO_MODE", False)
    runner = app.test_cli_runner()

    assert runner.invoke(args=["jobs", "work"]).exit_code == 0
    assert runner.invoke(args=["jobs", "work", "--no-schedule"]).exit_code == 0
    assert built == [True, False]
    monkeypatch.undo()
    assert Queue(app).consumer(schedule=False).periodic is False


def test_a_major_whose_plan_went_away_before_its_turn_fails_in_words(app, world):
    major = law()
    with app.test_request_context():
        MajorPlan._get_collection().delete_many({"major": major.pk})
        job = submit("preaudit", "批量毕业预审：030101K 法学",
                     params={"major": str(major.pk), "scope_kind": "province", "scope_code": None})

    assert (job.state, job.error) == ("failed", "专业 030101K 法学 没有专业计划，无法预审。")


def test_a_bulk_retry_the_queue_refuses_says_so_and_leaves_the_job_failed(app, world, monkeypatch):
    def crash(report, majors, scope):
        raise ConnectionError("store went away")

    heping = staff_client(app, "heping")
    monkeypatch.setattr(preaudit, "run", crash)
    job = start(heping, law())
    monkeypatch.undo()

    def refuse(*args):
        raise ConnectionError("redis unreachable")

    monkeypatch.setitem(app.extensions["jobs"].tasks, "preaudit", refuse)
    response = heping.post("/jobview/action_post", data={"action": "retry_selected", "rowid": str(job.pk)},
                           follow_redirects=True)

    assert response.status_code == 200 and "任务未能加入队列，请稍后重试。" in text(response)
    assert job.reload().state == "failed" and not AuditEntry.objects(action="retry")


def test_a_bulk_action_reads_the_chosen_rows_in_one_query_however_many(app, world):
    from bench.roundtrips import counting

    admin = staff_client(app, "admin")
    ids = [str(Job(kind="preaudit", title=f"批量毕业预审 {n}", state="done").save().pk) for n in range(6)]
    trips = {}
    for chosen in (ids[:1], ids):
        with counting() as counted:
            response = admin.post("/jobview/action_post", data={"action": "retry_selected", "rowid": chosen})
        assert response.status_code == 302
        trips[len(chosen)] = counted.mongo_calls.count("jobs.find")

    assert trips[1] == trips[6], trips


def test_a_job_whose_process_stopped_is_shown_failed_and_staff_run_it_again(app, world):
    heping = staff_client(app, "heping")
    job = start(heping, law())
    now = datetime.datetime.now()
    # The worker died ten minutes into its run; another job spoke a minute ago.
    Job.objects(pk=job.pk).update(set__state="running", set__touched_at=now - datetime.timedelta(minutes=11))
    alive = Job(kind="preaudit", title="仍在进行", state="running", touched_at=now - datetime.timedelta(minutes=1)).save()

    with app.app_context():
        assert interrupt_stale(now) == 1

    assert (job.reload().state, job.error) == ("failed", "任务中断：执行任务的进程已停止。")
    assert alive.reload().state == "running"
    assert "任务中断：执行任务的进程已停止。" in text(heping.get("/jobview/list/"))
    heping.post(f"/jobview/retry/{job.pk}")
    assert job.reload().state == "done"


def test_the_consumer_looks_for_silent_jobs_every_minute(app):
    huey = Queue(app).huey
    every_minute = [datetime.datetime(2026, 12, 1, 13, minute) for minute in (0, 1, 37)]

    assert all("interrupt-stale" in [task.name for task in huey.read_periodic(at)] for at in every_minute)
