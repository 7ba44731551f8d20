"""Survey figures a round holds: option counts, respondent tallies and published scores.

Reports read these aggregates, never raw responses. Counts are kept per (unit, service type)
so that breakdowns need no scan of raw rows; imported published reports carry agency totals
(unit and service type empty) and their own per-unit and per-service tables as published scores.
"""
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
