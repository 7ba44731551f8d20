"""Survey figures a round holds: option counts, respondent tallies and published scores.

Reports read these aggregates, never raw responses. Counts are kept per (unit, service type)
so that breakdowns need no scan of raw rows; imported published reports carry agency totals
(unit and service type empty) and their own per-unit and per-service tables as published scores.
"""
import uuid
from functools import cache

from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, AssessmentRound, ServiceType, Unit

TOOLS = [("IIT", "IIT"), ("EIT", "EIT"), ("OIT", "OIT")]


class OptionCount(models.Model):
    """How many respondents chose `option` for a question (I1…, E1…) or a demographic (gender…)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="option_counts")
    tool = models.CharField(max_length=3, choices=TOOLS)
    question = models.CharField(max_length=32)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.PROTECT)
    option = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "tool", "question", "unit", "service_type", "option"],
                name="one_count_per_cell",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["round", "tool", "question"])]


class RespondentTally(models.Model):
    """How many questionnaires were counted, per tool, unit, service type and language."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="respondent_tallies")
    tool = models.CharField(max_length=3, choices=TOOLS)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(max_length=2, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "tool", "unit", "service_type", "language"],
                name="one_tally_per_cell",
                nulls_distinct=False,
            )
        ]


class PublishedScore(models.Model):
    """A figure printed in an official report: a question score (overrides counts), or a
    per-unit / per-service-type score from the report's tables, with its respondent count."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="published_scores")
    code = models.CharField(max_length=32, help_text="question (E1), tool (EIT) or indicator code")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.PROTECT)
    score = models.DecimalField(max_digits=7, decimal_places=4)
    respondents = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("published score")
        verbose_name_plural = _("published scores")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code", "unit", "service_type"], name="one_published_score", nulls_distinct=False
            )
        ]


class Response(models.Model):
    """One anonymous questionnaire. Deliberately holds nothing that identifies the respondent:
    no login, IP address, user agent, cookie or session id, and only the day it arrived. Its key
    is a random UUID, not a counter: a sequential id would give the order of arrival, which
    with a day's known comings and goings could point at a respondent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="responses")
    tool = models.CharField(max_length=3, choices=TOOLS)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.PROTECT)
    language = models.CharField(max_length=2, blank=True)
    submitted_on = models.DateField(help_text="Day precision only, on purpose")
    answers = models.JSONField(default=dict, help_text="question code → option number (1-based); unanswered left out")
    demographics = models.JSONField(default=dict, help_text="demographic code → option number")

    class Meta:
        indexes = [models.Index(fields=["round", "tool"])]


class UsedSubmissionToken(models.Model):
    """The hash of a questionnaire's one-time submission token, once used. No link to the
    response it stored, so it cannot tie a response to a browser."""

    digest = models.CharField(max_length=64, unique=True)
    used_on = models.DateField()


class SurveyLink(models.Model):
    """The short public address of one round's questionnaire (/s/<code>/)."""

    code = models.CharField(max_length=16, unique=True)
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="survey_links")
    tool = models.CharField(max_length=3, choices=TOOLS[:2])

    class Meta:
        verbose_name = _("questionnaire link")
        verbose_name_plural = _("questionnaire links")
        constraints = [models.UniqueConstraint(fields=["round", "tool"], name="one_link_per_round_tool")]

    def __str__(self) -> str:
        return f"/s/{self.code}/"


def link_for_code(code: str, using: str = "default") -> SurveyLink | None:
    """The link with this code, its round and the round's agency — what
    SurveyLink.objects.select_related("round__agency").get(code=code) gives, in one plain query.
    Every questionnaire page and submission starts here; building that query through the ORM
    cost 0.8 ms of Python each time, a sixth of a submission's (docs/scale.md). Values pass
    through the same converters the ORM would apply (SQLite's datetimes, for one)."""
    connection = connections[using]
    sql, parts = _link_query(using)
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    made = []
    for model, names, converters, start in parts:
        values = list(row[start:start + len(names)])
        for i, col, chain in converters:
            for convert in chain:  # with this thread's connection, as the ORM calls them
                values[i] = convert(values[i], col, connection)
        made.append(model.from_db(using, names, values))
    link, rnd, agency = made
    rnd.agency = agency
    link.round = rnd
    return link


@cache
def _link_query(using: str) -> tuple[str, list[tuple]]:
    """The SQL of link_for_code and, per model, its field names, its columns' converters and its
    first column (what depends on the models and the database's kind only, not on a connection)."""
    connection = connections[using]
    q = connection.ops.quote_name
    aliases = {SurveyLink: "l", AssessmentRound: "r", Agency: "a"}
    columns, parts, start = [], [], 0
    for model, alias in aliases.items():
        fields = model._meta.concrete_fields
        converters = []
        for i, field in enumerate(fields):
            col = field.get_col(alias)
            found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
            if found:
                converters.append((i, col, found))
        columns += [f"{alias}.{q(f.column)}" for f in fields]
        parts.append((model, [f.attname for f in fields], converters, start))
        start += len(fields)
    table = {m: q(m._meta.db_table) for m in aliases}
    sql = (
        f"SELECT {', '.join(columns)} FROM {table[SurveyLink]} l "
        f"JOIN {table[AssessmentRound]} r ON r.{q(AssessmentRound._meta.pk.column)} = l.{q(SurveyLink.round.field.column)} "
        f"JOIN {table[Agency]} a ON a.{q(Agency._meta.pk.column)} = r.{q(AssessmentRound.agency.field.column)} "
        f"WHERE l.{q('code')} = %s"
    )
    return sql, parts


class CollectionTarget(models.Model):
    """How many questionnaires the coordinator aims for, per tool and unit or service type."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="collection_targets")
    tool = models.CharField(max_length=3, choices=TOOLS[:2])
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.CASCADE)
    target = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("collection target")
        verbose_name_plural = _("collection targets")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "tool", "unit", "service_type"], name="one_target_per_cell", nulls_distinct=False
            )
        ]


class ImportedRow(models.Model):
    """An imported file row's `response_id`, hashed with its round, so that importing the same
    file twice is refused instead of counting its questionnaires twice. Not linked to a response."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "digest"], name="one_import_per_row_id")]
