"""OIT disclosures: per round and item, where it is published and the assessor's verdict."""
from django.db import models

from prongsai.agencies.models import AssessmentRound


class Disclosure(models.Model):
    """One OIT item of one round. `score` is the verdict (0 or 100, or a number); null = not assessed."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="disclosures")
    item = models.CharField(max_length=8)
    url = models.URLField(max_length=1000, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="one_disclosure_per_item")]
