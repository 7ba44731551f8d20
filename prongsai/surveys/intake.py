"""Storing questionnaires: one anonymous response, its counts in the same transaction.

Every response adds one to its round's option counts (per unit and service type), its
demographic counts (agency level) and its respondent tally (per unit, service type and
language), so reports never scan raw responses. A one-time submission token makes a double
click, the back button or a replayed request store one response, not two; the used token is
kept as a hash with no link to the response.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import F, UniqueConstraint
from django.utils import timezone

from prongsai.agencies.models import AssessmentRound, ServiceType, Unit

from .models import OptionCount, RespondentTally, Response, SurveyLink, UsedSubmissionToken

TOKEN_SALT = "prongsai.surveys.submission"
TOKEN_MAX_AGE = 24 * 3600  # a form left open overnight asks for a fresh page
LINK_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i


class BadToken(Exception):
    """The submission token was not issued by this site or is too old."""


def issue_token() -> str:
    """A fresh one-time token for a questionnaire page, signed so that only pages this site
    rendered can submit."""
    return signing.dumps(secrets.token_urlsafe(16), salt=TOKEN_SALT)


def token_digest(token: str) -> str:
    try:
        signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise BadToken(token) from None
    return _digest(token)


def _digest(token: str) -> str:
    """What is kept of a used token (UsedSubmissionToken): its SHA-256, no link to the response."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_used(token: str) -> bool:
    """Was a questionnaire sent with this token already (False for a token this site did not sign)?
    However old it is: a page resent after the token's day has passed must not draw its answers again
    (a reviewer), and used tokens are kept."""
    try:
        signing.loads(token, salt=TOKEN_SALT)  # signed here; its age does not matter for this question
    except signing.BadSignature:
        return False
    return UsedSubmissionToken.objects.filter(digest=_digest(token)).exists()


@dataclass(frozen=True)
class Answer:
    """One questionnaire, as the form or an import file gives it."""

    tool: str
    unit: Unit | None
    service_type: ServiceType | None
    language: str
    answers: dict[str, int]
    demographics: dict[str, int]
    submitted_on: date | None = None


def record_response(rnd: AssessmentRound, answer: Answer, token: str | None = None) -> bool:
    """Store one questionnaire with its counts in one transaction. With a token: False (and
    nothing stored) when the token was used before. Raises BadToken for a forged token."""
    digest = token_digest(token) if token is not None else None
    today = timezone.localdate()
    try:
        if connection.vendor == "postgresql" and digest is not None:
            _record_in_one_statement(rnd, answer, digest, today)
        else:
            with transaction.atomic():
                if digest is not None:
                    UsedSubmissionToken.objects.create(digest=digest, used_on=today)
                store_responses(rnd, [answer], today)
    except IntegrityError:
        if digest is not None and UsedSubmissionToken.objects.filter(digest=digest).exists():
            return False
        raise
    return True


def store_responses(rnd: AssessmentRound, answers: list[Answer], today: date | None = None) -> None:
    """Store many questionnaires and add them to the counts, all in one transaction (inside a
    caller's transaction, part of it: no savepoint of its own)."""
    with transaction.atomic(savepoint=False):
        _store(rnd, answers, today or timezone.localdate())


def _record_in_one_statement(rnd: AssessmentRound, answer: Answer, digest: str, today: date) -> None:
    """PostgreSQL: the used token, the response, its option counts and its respondent tally in
    one statement — one round trip instead of six (BEGIN, four writes, COMMIT), which is what
    bounds submissions per second when the app and the database share a few cores. A single
    statement is atomic by itself: a used token (unique violation) stores nothing at all, and
    fails first, since every other write waits on it. The option counts are written before the
    tally (the tally waits on their output) and in the order _upsert_counts uses, so a
    submission and an import lock shared rows in the same order."""
    options = _cells([answer])[0]  # the tally is one respondent, written below
    option_rows = _cell_rows(rnd, options)
    sql = _one_statement_sql()
    unit, service = getattr(answer.unit, "pk", None), getattr(answer.service_type, "pk", None)
    params = [
        digest, today,
        uuid.uuid4(), rnd.pk, answer.tool, unit, service, answer.language, answer.submitted_on or today,
        json.dumps(answer.answers), json.dumps(answer.demographics),
        *([row[i] for row in option_rows] for i in range(len(OPTION_COLUMNS))),
        rnd.pk, answer.tool, unit, service, answer.language,
    ]
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # inside a caller's transaction: a savepoint keeps it usable on a used token
            with transaction.atomic():
                cursor.execute(sql, params)
        else:  # autocommit: the statement is its own transaction
            cursor.execute(sql, params)


OPTION_COLUMNS = ["round_id", "tool", "question", "unit_id", "service_type_id", "option", "count"]


@cache
def _one_statement_sql() -> str:
    """The statement of _record_in_one_statement, written once per process."""
    q = connection.ops.quote_name

    def table(model):
        return q(model._meta.db_table)

    def constraint(model):
        return q(next(c.name for c in model._meta.constraints if isinstance(c, UniqueConstraint)))

    def array_type(model, column):
        return model._meta.get_field(column.removesuffix("_id")).db_type(connection) if column != "round_id" else "bigint"

    arrays = ", ".join(f"%s::{array_type(OptionCount, c)}[]" for c in OPTION_COLUMNS)
    response_columns = ["id", "round_id", "tool", "unit_id", "service_type_id", "language", "submitted_on", "answers", "demographics"]
    response_values = ", ".join(f"%s::{Response._meta.get_field(c.removesuffix('_id')).db_type(connection)}"
                                if c != "round_id" else "%s::bigint" for c in response_columns)
    # `used` first: every other write waits on it, so a replayed token fails at once, before
    # any count row is locked (CTEs nobody reads would run in no guaranteed order)
    return f"""
        WITH used AS (
            INSERT INTO {table(UsedSubmissionToken)} (digest, used_on) VALUES (%s, %s) RETURNING 1
        ), stored AS (
            INSERT INTO {table(Response)} ({", ".join(q(c) for c in response_columns)})
            SELECT {response_values} WHERE EXISTS (SELECT 1 FROM used)
            RETURNING 1
        ), counted AS (
            INSERT INTO {table(OptionCount)} AS t ({", ".join(q(c) for c in OPTION_COLUMNS)})
            SELECT {", ".join(f"c.{q(c)}" for c in OPTION_COLUMNS)}
            FROM unnest({arrays}) WITH ORDINALITY AS c({", ".join(q(c) for c in OPTION_COLUMNS)}, position)
            WHERE EXISTS (SELECT 1 FROM used)
            ORDER BY c.position
            ON CONFLICT ON CONSTRAINT {constraint(OptionCount)} DO UPDATE SET "count" = t."count" + EXCLUDED."count"
            RETURNING 1
        )
        INSERT INTO {table(RespondentTally)} AS t (round_id, tool, unit_id, service_type_id, language, "count")
        SELECT %s, %s, %s, %s, %s, 1 WHERE (SELECT count(*) FROM counted) >= 0 AND EXISTS (SELECT 1 FROM stored)
        ON CONFLICT ON CONSTRAINT {constraint(RespondentTally)} DO UPDATE SET "count" = t."count" + 1
    """


def _store(rnd: AssessmentRound, answers: list[Answer], today: date) -> None:
    Response.objects.bulk_create(
        Response(
            round=rnd, tool=a.tool, unit=a.unit, service_type=a.service_type, language=a.language,
            submitted_on=a.submitted_on or today, answers=a.answers, demographics=a.demographics,
        )
        for a in answers
    )
    options, tallies = _cells(answers)
    _add_counts(rnd, OptionCount, ("tool", "question", "unit", "service_type", "option"), options)
    _add_counts(rnd, RespondentTally, ("tool", "unit", "service_type", "language"), tallies)


def _cells(answers: list[Answer]) -> tuple[Counter, Counter]:
    """What questionnaires add to the counts, for every writer: option counts per (tool,
    question, unit, service type, option) — demographics per (tool, code, –, –, option), never
    by unit (anonymity) — and respondents per (tool, unit, service type, language)."""
    options: Counter = Counter()
    tallies: Counter = Counter()
    for a in answers:
        for question, option in a.answers.items():
            if option is not None:
                options[(a.tool, question, a.unit, a.service_type, option)] += 1
        for code, option in a.demographics.items():
            options[(a.tool, code, None, None, option)] += 1
        tallies[(a.tool, a.unit, a.service_type, a.language)] += 1
    return options, tallies


BULK_FROM = 20  # cells; below this, one race-safe upsert per cell


def _add_counts(rnd: AssessmentRound, model, fields: tuple[str, ...], cells: Counter) -> None:
    """Add each cell's n to its count row. PostgreSQL: one upsert statement per batch. Else,
    many cells (an import): read and lock the round's rows once, update those that exist in
    bulk and bulk-create the rest; a concurrent creator makes the bulk insert fail and falls
    back to the per-cell path inside a savepoint."""
    if connection.vendor == "postgresql":
        _upsert_counts(rnd, model, fields, cells)
        return
    if len(cells) < BULK_FROM:
        for key, n in cells.items():
            _bump(model, n, round=rnd, **dict(zip(fields, key)))
        return
    id_fields = [f"{f}_id" if f in ("unit", "service_type") else f for f in fields]

    def plain(key):
        return tuple(getattr(v, "pk", v) for v in key)

    # rows locked until the transaction ends, so a concurrent response cannot slip in between
    rows = model.objects.select_for_update().filter(round=rnd).values_list("pk", "count", *id_fields)
    existing = {tuple(row[2:]): (row[0], row[1]) for row in rows}
    changed, missing = [], []
    for key, n in cells.items():
        found = existing.get(plain(key))
        if found is not None:
            changed.append(model(pk=found[0], count=found[1] + n))
        else:
            missing.append((key, n))
    model.objects.bulk_update(changed, ["count"], batch_size=500)
    try:
        with transaction.atomic():
            model.objects.bulk_create(model(round=rnd, count=n, **dict(zip(fields, key))) for key, n in missing)
    except IntegrityError:
        for key, n in missing:
            _bump(model, n, round=rnd, **dict(zip(fields, key)))


UPSERT_BATCH = 1000


def _upsert_counts(rnd: AssessmentRound, model, fields: tuple[str, ...], cells: Counter) -> None:
    """INSERT … ON CONFLICT DO UPDATE count = count + n, on the model's unique constraint (NULLs
    not distinct, PostgreSQL 15+): one statement for a questionnaire's ~20 cells instead of an
    UPDATE (and maybe an INSERT in a savepoint) per cell. Cells go in one fixed order, so two
    transactions lock shared rows in the same order and cannot deadlock each other."""
    (constraint,) = (c.name for c in model._meta.constraints if isinstance(c, UniqueConstraint))
    columns = ["round_id"] + [f"{f}_id" if f in ("unit", "service_type") else f for f in fields] + ["count"]
    rows = _cell_rows(rnd, cells)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start:start + UPSERT_BATCH]
            cursor.execute(
                f"INSERT INTO {table} AS t ({names}) VALUES {', '.join([placeholder] * len(batch))} "
                f'ON CONFLICT ON CONSTRAINT {connection.ops.quote_name(constraint)} '
                f'DO UPDATE SET "count" = t."count" + EXCLUDED."count"',
                [v for row in batch for v in row],
            )


def _cell_rows(rnd: AssessmentRound, cells: Counter) -> list[tuple]:
    """(round, *cell with objects as keys, n) rows in the one order every writer locks them in."""
    return sorted(
        ((rnd.pk, *(getattr(v, "pk", v) for v in key), n) for key, n in cells.items()),
        key=lambda row: tuple((v is not None, v) for v in row),
    )


def _bump(model, n: int, **cell) -> None:
    """Add n to a count row, creating it when missing; safe against a concurrent creator on
    PostgreSQL (the unique constraint treats NULLs as equal) and on SQLite (writes serialise)."""
    if model.objects.filter(**cell).update(count=F("count") + n):
        return
    try:
        with transaction.atomic():
            model.objects.create(count=n, **cell)
    except IntegrityError:
        model.objects.filter(**cell).update(count=F("count") + n)


def link_for(rnd: AssessmentRound, tool: str) -> SurveyLink:
    """The round's short public link for a tool, made on first use."""
    link = SurveyLink.objects.filter(round=rnd, tool=tool).first()
    while link is None:
        code = "".join(secrets.choice(LINK_ALPHABET) for _ in range(7))
        try:
            with transaction.atomic():
                link = SurveyLink.objects.create(code=code, round=rnd, tool=tool)
        except IntegrityError:
            link = SurveyLink.objects.filter(round=rnd, tool=tool).first()
    return link
