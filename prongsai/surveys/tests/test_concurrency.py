"""Simultaneous submissions on PostgreSQL: one token stores once; new count cells are created
once and incremented, never duplicated (the unique constraint treats NULLs as equal)."""
import threading

import pytest
from django.db import connection, connections

from prongsai.surveys.intake import Answer, issue_token, record_response
from prongsai.surveys.models import OptionCount, RespondentTally, Response

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"),
]


def _together(n, job):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(job(i))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_simultaneous_replays_of_one_token_store_one_response(open_round):
    unit = open_round.agency.units.first()
    answer = Answer("EIT", unit, None, "th", {"E1": 6}, {"gender": 2})
    token = issue_token()
    results = _together(4, lambda i: record_response(open_round, answer, token))
    assert sorted(results) == [False, False, False, True]
    assert Response.objects.count() == 1


def test_simultaneous_new_cells_are_counted_not_duplicated(open_round):
    unit = open_round.agency.units.first()
    answer = Answer("EIT", unit, None, "th", {"E1": 6}, {"gender": 2})
    _together(4, lambda i: record_response(open_round, answer, issue_token()))
    assert Response.objects.count() == 4
    assert list(OptionCount.objects.filter(question="E1").values_list("count", flat=True)) == [4]
    assert list(OptionCount.objects.filter(question="gender").values_list("count", flat=True)) == [4]  # unit NULL
    assert list(RespondentTally.objects.values_list("count", flat=True)) == [4]


def test_simultaneous_questionnaires_sharing_many_cells_all_count(open_round):
    """Each questionnaire adds to ~10 cells in one upsert; the shared rows are locked in one
    order, so simultaneous submissions neither deadlock nor lose an increment."""
    units = list(open_round.agency.units.all())
    questions = open_round.pack.question_codes("EIT")

    def job(i):
        answers = {q: 1 + (i + n) % 2 for n, q in enumerate(reversed(questions) if i % 2 else questions)}
        answer = Answer("EIT", units[i % 2], None, "th", answers, {"gender": 1 + i % 2})
        return record_response(open_round, answer, issue_token())

    assert _together(8, job) == [True] * 8
    assert Response.objects.count() == 8
    for q in questions:
        assert sum(OptionCount.objects.filter(question=q).values_list("count", flat=True)) == 8
    assert sum(OptionCount.objects.filter(question="gender").values_list("count", flat=True)) == 8
    assert sum(RespondentTally.objects.values_list("count", flat=True)) == 8


def test_submissions_and_an_import_at_the_same_time_neither_deadlock_nor_lose_counts(open_round):
    """A web submission (one statement) and an import (one transaction of many questionnaires)
    lock the shared count rows in the same order, option counts before the tally."""
    from prongsai.surveys.intake import store_responses

    unit = open_round.agency.units.first()
    questions = open_round.pack.question_codes("EIT")

    def answer(i):
        return Answer("EIT", unit, None, "th", {q: 1 + i % 2 for q in questions}, {"gender": 1})

    def job(i):
        if i % 3 == 0:
            store_responses(open_round, [answer(i + k) for k in range(20)])
            return "import"
        return record_response(open_round, answer(i), issue_token())

    results = _together(9, job)
    assert results.count("import") == 3 and results.count(True) == 6
    expected = 3 * 20 + 6
    assert Response.objects.count() == expected
    for q in questions:
        assert sum(OptionCount.objects.filter(question=q).values_list("count", flat=True)) == expected
    assert sum(RespondentTally.objects.values_list("count", flat=True)) == expected


def test_a_submission_is_one_write_statement(open_round):
    """One round trip to the database for the whole write: no BEGIN, no COMMIT of its own."""
    from django.test.utils import CaptureQueriesContext

    answer = Answer("EIT", open_round.agency.units.first(), None, "th", {"E1": 6}, {"gender": 2})
    with CaptureQueriesContext(connection) as queries:
        assert record_response(open_round, answer, issue_token())
    assert len(queries.captured_queries) == 1
    assert Response.objects.count() == 1 and RespondentTally.objects.get().count == 1
    assert OptionCount.objects.get(question="E1").count == 1 and OptionCount.objects.get(question="gender").count == 1


def test_a_replayed_token_fails_before_anything_else_is_written(open_round):
    """The token's insert runs first and every other write waits on it: a replay is refused on
    the token's unique index (not after locking count rows), here even with a bad option too."""
    from django.db import IntegrityError
    from django.utils import timezone

    from prongsai.surveys.intake import _record_in_one_statement, token_digest

    unit = open_round.agency.units.first()
    token = issue_token()
    assert record_response(open_round, Answer("EIT", unit, None, "th", {"E1": 6}, {}), token)
    bad = Answer("EIT", unit, None, "th", {"E1": -1}, {})  # would break the counts' CHECK constraint
    with pytest.raises(IntegrityError) as caught:
        _record_in_one_statement(open_round, bad, token_digest(token), timezone.localdate())
    assert "usedsubmissiontoken" in str(caught.value)
    assert Response.objects.count() == 1 and sum(OptionCount.objects.values_list("count", flat=True)) == 1
