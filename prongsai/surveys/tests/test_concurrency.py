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
