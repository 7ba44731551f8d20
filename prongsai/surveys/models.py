"""Survey figures a round holds: option counts, respondent tallies and published scores.

Reports read these aggregates, never raw responses. Counts are kept per (unit, service type)
so that breakdowns need no scan of raw rows; imported published reports carry agency totals
(unit and service type empty) and their own per-unit and per-service tables as published scores.
"""
import uuid

from django.db import models

from prongsai.agencies.models import AssessmentRound, ServiceType, Unit

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
        constraints = [models.UniqueConstraint(fields=["round", "tool"], name="one_link_per_round_tool")]

    def __str__(self) -> str:
        return f"/s/{self.code}/"


class CollectionTarget(models.Model):
    """How many questionnaires the coordinator aims for, per tool and unit or service type."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="collection_targets")
    tool = models.CharField(max_length=3, choices=TOOLS[:2])
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE)
    service_type = models.ForeignKey(ServiceType, null=True, blank=True, on_delete=models.CASCADE)
    target = models.PositiveIntegerField()

    class Meta:
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
