"""OIT disclosures: per round and item, where it is published and the assessor's verdict.

Every change to a disclosure goes through `prongsai.oit.services.change`, which writes one
append-only `DisclosureEvent` (who, when, what: before and after).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import AssessmentRound, Unit


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    RESUBMITTED = "resubmitted", _("Resubmitted")


AWAITING_VERDICT = (Status.SUBMITTED, Status.RESUBMITTED)


class Disclosure(models.Model):
    """One OIT item of one round. `score` is the verdict (0 or 100, or a number); null = not assessed.

    `urls` lists where the item is published on the agency's website; `url` mirrors the
    first of them (kept for older readers)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("assessment round"))
    item = models.CharField(max_length=8, verbose_name=_("OIT item"))
    url = models.URLField(max_length=1000, blank=True, verbose_name=_("link"))
    score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True, verbose_name=_("score"))
    urls = models.JSONField(default=list, blank=True, verbose_name=_("links"))
    note = models.TextField(blank=True, max_length=2000, verbose_name=_("note"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures", verbose_name=_("unit in charge"))
    responsible_person = models.CharField(max_length=255, blank=True, verbose_name=_("responsible person"))
    due_date = models.DateField(null=True, blank=True, verbose_name=_("due date"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status"))
    comment = models.TextField(blank=True, help_text="The assessor's comment on the last verdict", verbose_name=_("assessor's comment"))
    assessed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("assessed at"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("assessed by")
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("last changed"))

    class Meta:
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="one_disclosure_per_item")]

    def __str__(self) -> str:
        return f"{self.round} {self.item}"

    @property
    def links(self) -> list[str]:
        return list(self.urls) or ([self.url] if self.url else [])

    @property
    def awaiting_verdict(self) -> bool:
        return self.status in AWAITING_VERDICT


class DisclosureEvent(models.Model):
    """One change of a disclosure: append-only (saving an existing event is refused)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Empty for imports and commands",
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=32)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["disclosure", "-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("disclosure events are append-only")
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """A file kept with a disclosure, stored under a generated name (never the uploaded one)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("OIT item"))
    file = models.FileField(upload_to="oit/", max_length=255, verbose_name=_("file"))
    original_name = models.CharField(max_length=255, verbose_name=_("file name"))
    content_type = models.CharField(max_length=128, verbose_name=_("file type"))
    size = models.PositiveBigIntegerField(verbose_name=_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded at"))

    class Meta:
        verbose_name = _("OIT attachment")
        verbose_name_plural = _("OIT attachments")
        ordering = ["disclosure", "uploaded_at", "id"]


class LinkCheck(models.Model):
    """The result of checking one URL of a disclosure once; the newest per URL is shown."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="link_checks")
    url = models.URLField(max_length=1000)
    checked_at = models.DateTimeField()
    ok = models.BooleanField(default=False)
    status = models.PositiveIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=1000, blank=True)
    redirects = models.JSONField(default=list, blank=True)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(null=True, blank=True)
    mentions_year = models.BooleanField(null=True, blank=True)
    problems = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["disclosure", "url", "-checked_at", "-id"]
        indexes = [models.Index(fields=["disclosure", "url", "checked_at"])]

    @property
    def problem(self) -> str:
        return ", ".join(self.problems)
