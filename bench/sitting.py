"""The coming sitting at full size: registering at the window's opening, the exam-room arrangement of its paid
course registrations, and the seating notice.

Run: .venv/bin/python -m bench.sitting [registrations [crowd]]
Builds on the demo store a sitting of `registrations` (default 50,000) over 10 exam districts, each paying one
course on each of the timetable's four half-days (200,000 paid courses), with 30-seat rooms enough in every district
(bench/worlds.py SittingWorld), then measures:
- registrations a second at the window's opening: candidates registering at once in threads through the same path
  the pages take (the rules, the checks, the conditional write), alternated with the floor, a bare insert of the
  same registration documents on the same store in the same threads;
- the arrangement from no seats (app/services/arrangement.py, as the job runs it, progress reports included),
  alternated in one run with the floor: the same store read for those registrations (the same query) and written
  that many seat documents in the same bulk inserts, without our logic;
- a re-run after 1% of the registrations changed (a course dropped, the district changed, unpaid, a late one):
  its time, and how many seats it moved, kept, placed and removed.
- the seating notice's median time (its seats read and the A4 PDF made), beside the floor, a blank A4 page with
  the same font.
Each figure is one function taking the app and the world, so more figures of the sitting join `main()`.
"""
import concurrent.futures
import statistics
import sys
import time

import bson

import config
from app import create_app
from app.jobs.queue import Report
from app.models import Candidate, Job, Registration, Seat
from app.services import arrangement as arranging
from app.services import demo, pdf, registrations, seating_notice
from usecases import registrations as submitting
from bench.worlds import SittingWorld, copies_of

TINY = ["500", "50"]
ROUNDS = 3
THREADS = 16
MODEL = "240000000012"  # 马军, 和平区, 030101K: the crowd at the opening is made of copies of him
CHOICE = ("00249", "00227", "13702", "00247")  # one course on each of the four half-days
NOTICES = 30


def timed(call):
    """(wall seconds, this process's CPU seconds, the call's result): on a busy machine the CPU time says what the
    work itself cost."""
    started, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - started, time.process_time() - cpu, result


def cleared():
    """No seats: each timed run starts from none (the collection is dropped and its indexes made again, untimed)."""
    Seat.drop_collection()
    Seat.ensure_indexes()


def arranged(world):
    job = Job(kind="arrange", title="编排考场").save()
    return arranging.arrange(world.sitting, Report(job.pk))


def bare(world, seats):
    """The floor: read the registrations as the arrangement does, insert `seats` in the same bulk inserts."""
    read = list(Registration._get_collection().find(
        {"sitting": world.sitting.pk}, {"exam_number": 1, "district": 1, "courses": 1, "paid": 1}))
    collection = Seat._get_collection()
    for start in range(0, len(seats), arranging.BATCH):
        collection.insert_many(seats[start:start + arranging.BATCH], ordered=False)
    return len(read)


def arrangement(app, world, rounds=ROUNDS):
    """The arrangement against its floor, alternated, then a re-run after 1% changed."""
    with app.app_context():
        print(f"paid courses to seat: {world.courses:,} ({world.size:,} registrations x {len(world.halves)} "
              f"half-days, {len(world.districts)} districts, {world.rooms:,} rooms of 30)")
        ours, floor = [], []
        for _round in range(rounds):
            cleared()
            *seconds, plan = timed(lambda: arranged(world))
            ours.append(seconds)
            assert plan.counts["placed"] == world.courses, plan.counts
            copies = [{key: value for key, value in seat.items() if key != "_id"} for seat in plan.seats]
            cleared()
            floor.append(timed(lambda copies=copies: bare(world, copies))[:2])
        (ours, ours_cpu), (floor, floor_cpu) = ([statistics.median(each) for each in zip(*runs, strict=True)]
                                                for runs in (ours, floor))
        print(f"  arrangement of {world.courses:,} paid courses, median of {rounds} alternated: ours {ours:.1f} s "
              f"(CPU {ours_cpu:.1f} s) · floor, reading the registrations and inserting as many seats: {floor:.1f} s "
              f"(CPU {floor_cpu:.1f} s) · ratio ours / floor: {ours / floor:.1f}x (CPU {ours_cpu / floor_cpu:.1f}x) · "
              f"{world.courses / ours:,.0f} seats per second")
        cleared()
        arranged(world)
        changed = world.change(0.01)
        seconds, cpu, plan = timed(lambda: arranged(world))
        counts = plan.counts
        print(f"  re-run after 1% of registrations changed ({', '.join(f'{n} {what}' for what, n in sorted(changed.items()))}): "
              f"{seconds:.1f} s (CPU {cpu:.1f} s) · moved {counts['moved']:,} · kept {counts['kept']:,} · "
              f"placed {counts['placed']:,} · removed {counts['removed']:,}")


def _in_threads(work, items):
    """Seconds to do `work` for every item, THREADS at a time."""
    with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
        started = time.perf_counter()
        list(pool.map(work, items))
        return time.perf_counter() - started


def registration_rush(app, world, crowd, rounds=ROUNDS):
    """Registrations a second of `crowd` candidates at once, ours against the bare insert, alternated."""
    collection = Registration._get_collection()

    def register(candidate_id):
        with app.test_request_context():
            candidate = Candidate.objects.get(pk=candidate_id)
            rules = registrations.rules(candidate, world.sitting)
            choice = registrations.check(rules, candidate.district.pk, candidate.major.pk, CHOICE)
            submitting.submit(candidate, world.sitting, choice, rules=rules)

    with app.app_context():
        ours, floor = [], []
        for round_ in range(rounds):
            people, others = copies_of(MODEL, crowd, 2 * round_ * crowd), copies_of(MODEL, crowd, (2 * round_ + 1) * crowd)
            ours.append(crowd / _in_threads(register, people))
            template = collection.find_one({"candidate": people[0]})
            floor.append(crowd / _in_threads(lambda pk, t=template: collection.insert_one(
                {**t, "_id": bson.ObjectId(), "candidate": pk}), others))
            collection.delete_many({"candidate": {"$in": people + others}})
        ours, floor = statistics.median(ours), statistics.median(floor)
        print(f"registrations per second at the window's opening ({crowd:,} candidates at once in {THREADS} threads, "
              f"{world.size:,} registrations stored, median of {rounds} alternated): ours {ours:,.0f} /s · floor, "
              f"a bare insert of the same documents: {floor:,.0f} /s · ratio floor / ours: {floor / ours:.1f}x")


def notice(app, world, rounds=NOTICES):
    """The seating notice's median time, its seats read and its PDF made, against a blank A4 page with the font."""
    with app.test_request_context():
        candidate = Candidate.objects.get(exam_number="240000000013")  # one with a verified photo
        registration = Registration.objects(sitting=world.sitting).first()

        def made():
            return seating_notice.render(registration, candidate, seating_notice.lines(registration))

        def blank():
            page = pdf.new_pdf("A4", "blank")
            page.add_page()
            return bytes(page.output())

        made(), blank()  # the font loaded and its glyphs converted, as in a worker that has served before
        ours, floor = [], []
        for _ in range(rounds):
            ours.append(timed(made)[0])
            floor.append(timed(blank)[0])
        ours, floor = statistics.median(ours) * 1000, statistics.median(floor) * 1000
        print(f"seating notice PDF (A4, photo, {len(seating_notice.lines(registration))} courses, exam rules), median "
              f"of {rounds} alternated: ours {ours:.1f} ms · floor, a blank A4 page with the font: {floor:.1f} ms · "
              f"goal at most 80 ms")


def main(*args):
    size = int(args[0]) if args else 50_000
    crowd = int(args[1]) if len(args) > 1 else 2_000
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        started = time.perf_counter()
        world = SittingWorld(size)
        print(f"world built in {time.perf_counter() - started:.1f} s")
    registration_rush(app, world, crowd)
    arrangement(app, world)
    notice(app, world)


if __name__ == "__main__":
    main(*sys.argv[1:])
