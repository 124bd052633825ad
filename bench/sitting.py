"""The coming sitting at full size: the exam-room arrangement of its paid course registrations.

Run: .venv/bin/python -m bench.sitting [registrations]
Builds on the demo store a sitting of `registrations` (default 50,000) over 10 exam districts, each paying one
course on each of the timetable's four half-days (200,000 paid courses), with 30-seat rooms enough in every district
(bench/worlds.py SittingWorld), then measures:
- the arrangement from no seats (app/services/arrangement.py, as the job runs it, progress reports included),
  alternated in one run with the floor: the same store read for those registrations (the same query) and written
  that many seat documents in the same bulk inserts, without our logic;
- a re-run after 1% of the registrations changed (a course dropped, the district changed, unpaid, a late one):
  its time, and how many seats it moved, kept, placed and removed.
Each figure is one function taking the app and the world, so more figures of the sitting join `main()`.
"""
import statistics
import sys
import time

import config
from app import create_app
from app.jobs.queue import Report
from app.models import Job, Registration, Seat
from app.services import arrangement as arranging
from app.services import demo
from bench.worlds import SittingWorld

TINY = ["2000"]
ROUNDS = 3


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


def main(*args):
    size = int(args[0]) if args else 50_000
    app = create_app(config.TestConfig)
    with app.app_context():
        demo.seed()
        started = time.perf_counter()
        world = SittingWorld(size)
        print(f"world built in {time.perf_counter() - started:.1f} s")
    arrangement(app, world)


if __name__ == "__main__":
    main(*sys.argv[1:])
