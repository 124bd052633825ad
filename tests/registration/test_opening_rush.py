"""At the window's opening, 500 candidates registering at the same moment lose nothing, and one candidate's two
submissions at once count once."""
import pytest

from app.models import Candidate, Registration
from app.services import registrations
from bench.worlds import copies_of
from tests.registration.fixtures import MA, SAT_AM, SAT_PM, SUN_AM, sitting  # noqa: F401
from tests.test_demo_store import race

CROWD = 500
CHOICES = ([SAT_AM], [SAT_AM, SUN_AM], [SAT_PM, SUN_AM], [SAT_AM, SAT_PM, SUN_AM])


@pytest.fixture
def crowd(app, sitting):
    """500 verified candidates of 马军's district and major, without his passes."""
    return copies_of(MA, CROWD)


def _register(app, candidate_id, courses, version=None):
    with app.test_request_context():
        candidate = Candidate.objects.get(pk=candidate_id)
        sitting = registrations.coming()
        rules = registrations.rules(candidate, sitting)
        choice = registrations.check(rules, candidate.district.pk, candidate.major.pk, courses)
        try:
            return registrations.submit(candidate, sitting, choice, version).version
        except registrations.Refused as refused:
            return str(refused)


def test_five_hundred_candidates_registering_at_once_all_count(app, crowd, sitting):
    results = race(CROWD, lambda n: _register(app, crowd[n], CHOICES[n % len(CHOICES)]))

    assert results == [1] * CROWD
    stored = {r["candidate"]: r["courses"] for r in Registration._get_collection().find({}, {"candidate": 1, "courses": 1})}
    assert len(stored) == CROWD
    assert all(stored[pk] == CHOICES[n % len(CHOICES)] for n, pk in enumerate(crowd))


def test_two_first_submissions_at_once_store_one_and_tell_the_other(app, crowd, sitting):
    results = race(2, lambda n: _register(app, crowd[0], CHOICES[n]))

    assert sorted(map(str, results)) == sorted(["1", "您已提交过本考次的报考信息，请查看最新的报考信息后再修改。"])
    assert Registration.objects(candidate=crowd[0]).count() == 1


def test_two_changes_from_one_version_at_once_count_once(app, crowd, sitting):
    _register(app, crowd[0], [SAT_AM])

    results = race(2, lambda n: _register(app, crowd[0], CHOICES[n + 1], version=1))

    assert sorted(map(str, results)) == sorted(["2", "报考信息已在其他页面修改或已缴费，请查看最新的报考信息后重新提交。"])
    stored = Registration.objects.get(candidate=crowd[0])
    assert stored.version == 2 and stored.courses == CHOICES[results.index(2) + 1]


def test_once_a_sittings_offer_is_read_each_candidates_rules_cost_one_query(app, crowd, sitting):
    from bench.roundtrips import counting

    with app.test_request_context():
        first, second = Candidate.objects.get(pk=crowd[0]), Candidate.objects.get(exam_number=MA)
        with counting() as cold:
            registrations.rules(first, sitting)
        with counting() as warm:
            rules = registrations.rules(second, sitting)

    assert cold.mongo == 7 and warm.mongo == 1, (cold.mongo_calls, warm.mongo_calls)
    assert SAT_AM in rules.by_code and rules.by_code["03709"].passed, "the candidate's own passes still marked"
