"""Exam-room arrangement 编排考场: each paid course seated once within its district's rooms, the same seats from the
same registrations, a later run moving only what changed, a shortfall refused whole, and the staff job."""
import collections
import datetime

import bson
import pytest

from app.models import (AuditEntry, Course, District, ExamRoom, ExamSite, Job, Major, Registration, Seat, Sitting,
                        TimetableEntry)
from app.jobs import JobFailed
from app.services import arrangement
from app.services.demo_sitting import coming_code
from tests.fixtures import staff_client, text

# The demo's coming sitting examines these 法学 030101K courses: two on Saturday morning, one that afternoon.
SAT_AM, SAT_AM_TOO, SAT_PM = "00226", "00249", "00227"


@pytest.fixture
def sitting(world):
    return Sitting.objects.get(code=coming_code(datetime.date.today()))


def district(name):
    return District.objects.get(name=name)


def register(sitting, name, count, courses, paid=None, start=0):
    """`count` registrations in district `name` choosing `courses`, all paid unless `paid` says which."""
    law = Major.objects.get(code="030101K")
    place = district(name)
    return [Registration(sitting=sitting, candidate=bson.ObjectId(), exam_number=f"{place.code[-4:]}{n:08d}",
                         candidate_name=f"{name}考生{n}", district=place, major=law, courses=courses,
                         paid=courses if paid is None else paid).save() for n in range(start, start + count)]


def seating():
    """{(exam number, course): (room number, seat number)} of every seat."""
    return {(seat["exam_number"], seat["course"]): (seat["room_number"], seat["number"])
            for seat in Seat.objects.as_pymongo()}


def test_every_paid_course_gets_one_seat_within_its_districts_rooms(sitting):
    register(sitting, "和平区", 70, [SAT_AM_TOO, SAT_PM], paid=[SAT_PM])
    register(sitting, "和平区", 20, [SAT_AM, SAT_PM], start=70)
    register(sitting, "小店区", 5, [SAT_AM])

    done = arrangement.arrange(sitting)

    seats = list(Seat.objects.select_related())
    rooms = {room.pk: room for room in ExamRoom.objects}
    assert done.counts == {"placed": 115, "kept": 0, "moved": 0, "removed": 0, "unscheduled": 0}
    assert len(seats) == 115 and len({(s.exam_number, s.course) for s in seats}) == 115
    assert not [s for s in seats if s.course == SAT_AM_TOO]  # chosen, not paid
    assert all(s.room.site.district == s.district == Registration.objects.get(exam_number=s.exam_number).district
               for s in seats)
    places = [(s.room.pk, s.day, s.half, s.number) for s in seats]
    assert len(set(places)) == len(places)
    assert all(1 <= s.number <= rooms[s.room.pk].capacity for s in seats)
    # On Saturday afternoon 90 candidates of 和平区 fill its three rooms of 30; a course's candidates sit together.
    afternoon = sorted((s.room_number, s.number) for s in seats if s.half == "pm" and s.district.name == "和平区")
    assert afternoon == [(room, n) for room in ("001", "002", "003") for n in range(1, 31)]
    morning = [s.course for s in sorted(seats, key=lambda s: (s.room_number, s.number))
               if s.half == "am" and s.district.name == "和平区"]
    assert morning == [SAT_AM] * 20


def test_a_registrations_seats_read_for_its_notice(sitting):
    (first,) = register(sitting, "和平区", 1, [SAT_PM, SAT_AM])
    arrangement.arrange(sitting)
    site = ExamSite.objects.get(district=district("和平区"))

    lines = arrangement.seats_for(first)

    day = Seat.objects(registration=first).first().day
    assert [(line.course, line.day, line.half, line.site_name, line.site_address, line.room_number, line.seat)
            for line in lines] == [(SAT_AM, day, "am", site.name, site.address, "001", 1),
                                   (SAT_PM, day, "pm", site.name, site.address, "001", 1)]


def test_the_seats_for_a_notice_are_read_in_two_queries(sitting):
    from bench.roundtrips import counting

    (first,) = register(sitting, "和平区", 1, [SAT_PM, SAT_AM])
    arrangement.arrange(sitting)

    with counting() as trips:
        arrangement.seats_for(first)

    assert trips.mongo == 2, trips.mongo_calls


def test_the_same_registrations_give_the_same_seats(sitting):
    register(sitting, "和平区", 50, [SAT_AM, SAT_PM])
    register(sitting, "河西区", 30, [SAT_AM_TOO])
    arrangement.arrange(sitting)
    first = seating()

    Seat.objects.delete()
    arrangement.arrange(sitting)

    assert seating() == first and len(first) == 130


def test_a_run_after_late_changes_moves_only_what_changed(sitting):
    people = register(sitting, "和平区", 50, [SAT_AM, SAT_PM])
    arrangement.arrange(sitting)
    before = seating()
    dropped, unpaid = people[25], people[40]  # seated in room 001 at 26, and in room 002
    # A course dropped (its fee stays paid), a registration resubmitted unpaid, a late one, room 001 cut to 20 seats.
    Registration.objects(pk=dropped.pk).update(set__courses=[SAT_PM])
    Registration.objects(pk=unpaid.pk).update(set__paid=[])
    (late,) = register(sitting, "和平区", 1, [SAT_AM], start=50)
    ExamRoom.objects(site=ExamSite.objects.get(district=district("和平区")), number="001").update(set__capacity=20)

    done = arrangement.arrange(sitting)

    after = seating()
    shrunk = {key for key, (room, number) in before.items() if room == "001" and number > 20}
    gone = {(dropped.exam_number, SAT_AM), (unpaid.exam_number, SAT_AM), (unpaid.exam_number, SAT_PM)}
    assert done.counts == {"placed": 1, "kept": 100 - len(shrunk | gone), "moved": len(shrunk - gone), "removed": 3,
                           "unscheduled": 0}
    # Every seat still valid stays; the ones past seat 20 of room 001 move, but the course that was dropped.
    assert {key: place for key, place in after.items() if key in before and key not in shrunk} == \
        {key: place for key, place in before.items() if key not in shrunk | gone}
    assert all(key not in after for key in gone) and (late.exam_number, SAT_AM) in after
    assert all(place[0] != "001" or place[1] <= 20 for place in after.values())
    assert {(m.exam_number, m.course) for m in done.moves} == shrunk - gone
    assert all(m.from_room == "001" and m.from_seat > 20 and (m.to_room, m.to_seat) == after[(m.exam_number, m.course)]
               for m in done.moves)


def test_a_seat_in_a_room_no_longer_in_use_is_placed_again(sitting):
    register(sitting, "和平区", 40, [SAT_AM])
    arrangement.arrange(sitting)
    ExamRoom.objects(site=ExamSite.objects.get(district=district("和平区")), number="001").update(set__in_use=False)

    done = arrangement.arrange(sitting)

    assert (done.counts["moved"], done.counts["kept"]) == (30, 10)
    assert sorted(seating().values()) == [("002", n) for n in range(1, 31)] + [("003", n) for n in range(1, 11)]


def test_a_shortfall_refuses_the_whole_run_and_writes_nothing(sitting):
    register(sitting, "和平区", 95, [SAT_AM, SAT_PM])  # three rooms of 30 each half-day
    register(sitting, "河西区", 10, [SAT_AM])

    with pytest.raises(arrangement.SeatsShort) as refused:
        arrangement.arrange(sitting)

    day = f"{TimetableEntry.objects.get(sitting=sitting, course=Course.objects.get(code=SAT_AM).pk).day:%Y-%m-%d}"
    assert refused.value.message == f"座位不足，本次未编排：和平区 {day} 上午缺少5个座位；和平区 {day} 下午缺少5个座位。"
    assert Seat.objects.count() == 0


def test_a_run_that_clashes_with_another_in_the_store_fails_in_words(sitting):
    register(sitting, "和平区", 3, [SAT_AM])
    first, second = arrangement.plan_for(sitting), arrangement.plan_for(sitting)
    arrangement.write(first)

    with pytest.raises(JobFailed, match="另一次编排同时占用了部分座位，本次编排未完成，请稍后重新编排。"):
        arrangement.write(second)

    assert sorted(seating().values()) == [("001", 1), ("001", 2), ("001", 3)]


def test_a_runs_store_round_trips_do_not_grow_with_its_registrations(sitting):
    from bench.roundtrips import counting

    trips = {}
    for count in (5, 60):
        register(sitting, "和平区", count, [SAT_AM, SAT_PM], start=100 * count)
        Seat.objects.delete()
        with counting() as counted:
            arrangement.arrange(sitting)
        trips[count] = counted.mongo_calls

    assert trips[5] == trips[60] and len(trips[5]) <= 8, trips


def test_a_long_refusal_still_fits_the_jobs_error_and_says_how_many_places(sitting):
    shortfalls = [arrangement.Shortfall(district=f"第{n}考区", day=datetime.date(2027, 4, 10), half="am",
                                        candidates=40, seats=30) for n in range(40)]

    said = arrangement.refusal(shortfalls)

    assert len(said) <= Job._fields["error"].max_length and said.endswith("等40处，详见任务页面。")
    assert said.startswith("座位不足，本次未编排：第0考区 2027-04-10 上午缺少10个座位；")


def start(client, sitting):
    response = client.post("/arrangement/", data={"sitting": sitting.code})
    assert response.status_code == 302, text(response)
    return Job.objects.get(pk=response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_an_administrator_starts_the_job_and_reads_who_moved(app, sitting):
    people = register(sitting, "和平区", 35, [SAT_AM])
    admin = staff_client(app, "admin")
    first = start(admin, sitting).reload()
    Registration.objects(pk=people[0].pk).update(set__paid=[])  # seat 1 of room 001 freed...
    ExamRoom.objects(site=ExamSite.objects.get(district=district("和平区")), number="002").update(set__in_use=False)

    job = start(admin, sitting).reload()

    assert (first.state, first.result.counts["placed"], first.title) == ("done", 35, f"编排考场：{sitting.title}考次")
    assert (job.state, job.done, job.total) == ("done", 11, 11)  # six seats deleted, five of them placed again
    assert job.result.counts == {"placed": 0, "kept": 29, "moved": 5, "removed": 1, "unscheduled": 0}
    page = text(admin.get(f"/jobview/show/{job.pk}"))
    assert "新排座位0个，保留原座位29个，调整座位5个，释放座位1个。" in page and "调整了座位的考生（5人次）" in page
    moved = people[30]  # ...and the first of room 002 takes it
    assert f"{moved.exam_number} {SAT_AM}" in page and "和平区第一中学 002考场 1号 和平区第一中学 001考场 1号" in page
    assert "新排座位0个，保留29个，调整5个，释放1个" in text(admin.get("/jobview/list/"))
    assert [entry.summary for entry in AuditEntry.objects(action="start")] == [job.title] * 2


def test_a_refused_job_is_failed_with_the_shortfall_and_lists_it(app, sitting):
    register(sitting, "和平区", 92, [SAT_AM])
    admin = staff_client(app, "admin")

    job = start(admin, sitting).reload()

    assert job.state == "failed" and "和平区" in job.error and "上午缺少2个座位" in job.error
    page = text(admin.get(f"/jobview/show/{job.pk}"))
    assert job.error in page and "座位不足的考区和场次（1处）" in page and "和平区" in page and "92 90 2" in page
    assert Seat.objects.count() == 0


def test_a_second_run_is_refused_while_one_is_under_way(app, sitting):
    Job(kind="arrange", title="编排考场", state="running", params={"sitting": str(sitting.pk)}).save()

    page = text(staff_client(app, "admin").post("/arrangement/", data={"sitting": sitting.code}))

    assert f"{sitting.title}考次的考场编排正在进行" in page and Job.objects(kind="arrange").count() == 1


def test_the_arrangement_page_offers_the_sittings_and_links_the_seating_lists(app, sitting):
    page = text(staff_client(app, "admin").get(f"/arrangement/?sitting={sitting.code}"))

    assert "编排考场" in page and sitting.title in page and "查看考场座次表" in page


@pytest.mark.parametrize("username", ["heping", "province", "tjnu"])
def test_only_administrators_start_an_arrangement(app, sitting, username):
    register(sitting, "和平区", 3, [SAT_AM])
    client = staff_client(app, username)

    client.post("/arrangement/", data={"sitting": sitting.code})

    assert not Job.objects(kind="arrange") and not Seat.objects
    assert "编排考场" not in text(client.get("/admin/"))


def test_a_rooms_seating_list_shows_seat_exam_number_name_and_course(app, sitting):
    register(sitting, "和平区", 3, [SAT_AM])
    register(sitting, "河西区", 2, [SAT_AM])
    arrangement.arrange(sitting)
    room = ExamRoom.objects.get(site=ExamSite.objects.get(district=district("和平区")), number="001")

    page = text(staff_client(app, "admin").get(f"/seatview/list/?_flt_1_room_number=001&_flt_0_site={room.site.pk}"))

    assert "考场座次表" in page
    rows = [f"和平区第一中学 001 {n + 1} 0101{n:08d} 和平区考生{n} {SAT_AM}" for n in range(3)]
    assert all(row in page for row in rows), page
    assert "河西区考生" not in page


def test_a_district_reads_only_its_own_seats(app, sitting):
    register(sitting, "和平区", 2, [SAT_AM])
    register(sitting, "河西区", 2, [SAT_AM])
    arrangement.arrange(sitting)
    counts = collections.Counter()

    for username in ("heping", "province"):
        page = text(staff_client(app, username).get("/seatview/list/"))
        counts[username] = page.count("和平区考生") + page.count("河西区考生")
        assert ("河西区考生" in page) == (username == "province")

    assert counts == {"heping": 2, "province": 4}


def test_a_sittings_page_leads_an_administrator_to_its_arrangement(app, sitting):
    from tests.fixtures import staff_client

    admin = staff_client(app, "admin")
    page = admin.get(f"/sittingview/show/{sitting.pk}").get_data(as_text=True)
    assert f"/arrangement/?sitting={sitting.pk}" in page
    chosen = admin.get(f"/arrangement/?sitting={sitting.pk}").get_data(as_text=True)
    assert f'value="{sitting.code}" selected' in chosen or f'<option value="{sitting.code}" selected' in chosen
