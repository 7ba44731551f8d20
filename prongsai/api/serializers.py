"""What the API shows of each object and what it accepts. Reads only: every write goes through
the owning app's service function (see views.py)."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from prongsai.agencies.models import Agency, AssessmentRound, Unit
from prongsai.forms import web_link
from prongsai.measures.models import TEXT_LIMITS, Evidence, Measure, MeasureProgress, Plan, PlanIssue, ReportingRound
from prongsai.measures.tracking import request_stamp, stamp
from prongsai.oit.models import Disclosure, DisclosureEvent
from prongsai.oit.services import MAX_URL_LENGTH, MAX_URLS, parse_urls

Number = serializers.FloatField  # scores are exact inside, rounded to 2 decimals at output


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["code", "name_th", "name_en"]


class AgencySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    units = UnitSerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "code", "name_th", "name_en", "parent", "synthetic", "units"]


class RoundSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    agency_name_th = serializers.CharField(source="agency.name_th", read_only=True)
    agency_name_en = serializers.CharField(source="agency.name_en", read_only=True)

    class Meta:
        model = AssessmentRound
        fields = ["id", "agency", "agency_name_th", "agency_name_en", "fiscal_year", "framework", "opens_at", "closes_at"]


# -- scores (the foundation's schema, `prongsai.scoring.breakdown_json`) ---------------------------

class ToolScoreSerializer(serializers.Serializer):
    score = Number(allow_null=True)
    weighted = Number(allow_null=True)
    respondents = serializers.IntegerField(allow_null=True, required=False, help_text="IIT and EIT only")


class QuestionScoreSerializer(serializers.Serializer):
    score = Number(allow_null=True)
    answered = serializers.IntegerField(allow_null=True, required=False, help_text="IIT and EIT only")


class ScoresSerializer(serializers.Serializer):
    agency_code = serializers.CharField()
    ita = Number(allow_null=True, help_text="null when a tool has no score")
    level = serializers.CharField(allow_null=True)
    tools = serializers.DictField(child=ToolScoreSerializer())
    indicators = serializers.DictField(child=Number(allow_null=True))
    questions = serializers.DictField(child=QuestionScoreSerializer())
    warnings = serializers.ListField(child=serializers.CharField())


class ReportSerializer(ScoresSerializer):
    """The full results report (`prongsai report --format json`); suppressed cells are null."""

    framework = serializers.CharField()
    fiscal_year = serializers.IntegerField()
    agency = serializers.DictField(child=serializers.CharField(allow_blank=True))
    min_cell = serializers.IntegerField()
    survey_results_withheld_until = serializers.DateTimeField(
        allow_null=True, help_text="While collection is open every IIT/EIT figure is null, until this moment")
    question_options = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
    respondents = serializers.DictField()
    demographics = serializers.DictField()
    units = serializers.ListField(child=serializers.DictField())
    service_types = serializers.ListField(child=serializers.DictField())


# -- OIT disclosures ---------------------------------------------------------------------------------

class DisclosureSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(read_only=True)
    agency = serializers.CharField(source="round.agency.code", read_only=True)
    fiscal_year = serializers.IntegerField(source="round.fiscal_year", read_only=True)
    urls = serializers.SerializerMethodField()
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    score = serializers.DecimalField(max_digits=7, decimal_places=4, coerce_to_string=False, read_only=True,
                                     allow_null=True, help_text="the verdict, 0–100; null = not assessed")
    assessed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Disclosure
        fields = ["id", "round", "agency", "fiscal_year", "item", "status", "score", "comment", "urls", "note",
                  "unit", "responsible_person", "due_date", "assessed_at", "assessed_by", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_urls(self, d) -> list[str]:
        return d.links


class DisclosureDetailsSerializer(serializers.Serializer):
    """The agency's details of an item (PATCH: give only what changes)."""

    urls = serializers.ListField(child=serializers.CharField(max_length=MAX_URL_LENGTH), max_length=MAX_URLS,
                                 required=False, help_text="where the item is published, http(s), at most 10")
    note = serializers.CharField(allow_blank=True, required=False, max_length=Disclosure._meta.get_field("note").max_length)
    unit = serializers.CharField(allow_null=True, required=False, max_length=64, help_text="the responsible unit's code")
    responsible_person = serializers.CharField(allow_blank=True, required=False, max_length=255)
    due_date = serializers.DateField(allow_null=True, required=False)

    def validate_urls(self, value):
        if any(not u.strip() or any(c.isspace() for c in u.strip()) for u in value):
            raise serializers.ValidationError(_("One web address per entry, without spaces."))
        try:
            return parse_urls("\n".join(u.strip() for u in value))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages)

    def validate_unit(self, value):
        if value in (None, ""):
            return None
        unit = Unit.objects.filter(agency=self.context["agency"], code=value).first()
        if unit is None:
            raise serializers.ValidationError(_("The agency has no unit with this code."))
        return unit


class VerdictSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=["pass", "fail"], required=False, help_text="pass (100) or fail (0)")
    score = serializers.DecimalField(max_digits=7, decimal_places=4, min_value=0, max_value=100, required=False,
                                     coerce_to_string=False, help_text="or a score from 0 to 100")
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000,
                                    help_text="why the item fails; required below 100")

    def validate(self, data):
        if ("result" in data) == ("score" in data):
            raise serializers.ValidationError({"result": _("Give either result (pass or fail) or score.")})
        value = data["score"] if "score" in data else (100 if data["result"] == "pass" else 0)
        if value < 100 and not data.get("comment", "").strip():
            raise serializers.ValidationError({"comment": _("Say why the item fails, so the agency can fix it.")})
        data["value"] = value
        return data


class DisclosureEventSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = DisclosureEvent
        fields = ["id", "at", "actor", "action", "before", "after"]


class VerdictResultSerializer(serializers.Serializer):
    disclosure = DisclosureSerializer()
    scores = ScoresSerializer()


# -- plans, measures, progress, evidence ---------------------------------------------------------------

class IssueSerializer(serializers.ModelSerializer):
    measures = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PlanIssue
        fields = ["id", "code", "problem", "order", "measures"]


class ReportingRoundSerializer(serializers.ModelSerializer):
    approved = serializers.BooleanField(read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ReportingRound
        fields = ["id", "code", "name", "start", "end", "submitted_at", "approved", "approved_at", "approved_by"]


class PlanSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    approved = serializers.BooleanField(read_only=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    issues = IssueSerializer(many=True, read_only=True)
    reporting_rounds = ReportingRoundSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "agency", "fiscal_year", "source_round", "submitted_at", "approved", "approved_at", "approved_by",
                  "issues", "reporting_rounds"]


class MeasureSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="issue.plan_id", read_only=True)
    issue = serializers.CharField(source="issue.code", read_only=True)
    standard = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    responsible_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "plan", "issue", "standard", "activities", "output", "communication", "deadline",
                  "responsible_units", "monitoring", "order"]


class EvidenceSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "progress", "kind", "caption", "url", "content_type", "size", "file_url", "created_at"]

    def get_file_url(self, e) -> str | None:
        """The file (photos re-encoded, without EXIF) behind the same sign-in as the UI."""
        return reverse("measures:evidence", args=[e.pk]) if e.file else None


class ProgressSerializer(serializers.ModelSerializer):
    reporting_round = serializers.SlugRelatedField(slug_field="code", read_only=True)
    plan = serializers.IntegerField(source="reporting_round.plan_id", read_only=True)
    overdue = serializers.SerializerMethodField()
    evidence = EvidenceSerializer(many=True, read_only=True)
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    seen = serializers.SerializerMethodField(
        help_text="send it back with a change: refused (409) if someone changed the status or result since")
    change_asked = serializers.CharField(read_only=True, help_text="the coordinator's request to change this record (\"\" for none)")
    asked = serializers.SerializerMethodField(
        help_text="send it back with a change to answer the request read (a request made since stays open)")
    change_answered = serializers.CharField(read_only=True, help_text="the request the unit's last save answered, "
                                            "until the report is sent or a new one is asked (\"\" for none)")

    class Meta:
        model = MeasureProgress
        fields = ["id", "plan", "measure", "reporting_round", "status", "completed_on", "result", "overdue", "updated_at",
                  "updated_by", "seen", "change_asked", "asked", "change_answered", "evidence"]

    def get_overdue(self, p) -> bool:
        return p.is_overdue()

    def get_seen(self, p) -> str:
        return stamp(p)

    def get_asked(self, p) -> str:
        return request_stamp(p.change_asked)


class RoundEvidenceSerializer(EvidenceSerializer):
    reporting_round = serializers.CharField(source="progress.reporting_round.code", read_only=True,
                                            help_text="the round the evidence was added in")

    class Meta(EvidenceSerializer.Meta):
        fields = EvidenceSerializer.Meta.fields + ["reporting_round"]


class RoundProgressSerializer(serializers.Serializer):
    """A measure's progress as the reporting round shows it: its own record in the round, or the latest
    record of an earlier round within the round's period (`carried_from`); the evidence of them all."""

    measure = serializers.IntegerField(source="measure.pk")
    progress = serializers.IntegerField(source="record.pk", allow_null=True, default=None,
                                        help_text="the record shown (of this round, or of `carried_from`); null: not reported")
    carried_from = serializers.CharField(source="carried_from.code", allow_null=True, default=None,
                                         help_text="the earlier round whose report is shown; null: the round's own or none")
    status = serializers.ChoiceField(choices=MeasureProgress.STATUSES, allow_null=True)
    completed_on = serializers.DateField(source="record.completed_on", allow_null=True, default=None)
    result = serializers.CharField(source="record.result", allow_null=True, default=None)
    overdue = serializers.SerializerMethodField()
    evidence = RoundEvidenceSerializer(many=True)

    def get_overdue(self, p) -> bool:
        return p.is_overdue()


class RoundReportSerializer(serializers.Serializer):
    reporting_round = ReportingRoundSerializer()
    unreported = serializers.IntegerField(
        help_text="measures still to be reported in the round, as the page and the director's confirmation count them: "
                  "no record in it and nothing finished carried into it (an unfinished earlier result counts)")
    never_reported = serializers.IntegerField(help_text="measures without any progress in the round or an earlier one within it")
    progress = RoundProgressSerializer(many=True)


class ApproveReportSerializer(serializers.Serializer):
    confirm_unreported = serializers.BooleanField(
        required=False, default=False,
        help_text="needed while some measures have no progress in the round: the coordinator sends and the director "
                  "approves the report knowingly")


class ProgressInSerializer(serializers.Serializer):
    """Record progress of a measure in a reporting round (created on first use)."""

    measure = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reporting_round = serializers.CharField(max_length=32, help_text="the plan's reporting round code, e.g. 6m")
    status = serializers.ChoiceField(choices=MeasureProgress.STATUSES, required=False)
    result = serializers.CharField(allow_blank=True, required=False, max_length=TEXT_LIMITS["result"])
    completed_on = serializers.DateField(required=False, allow_null=True,
                                         help_text="a done measure's day it was finished (ISO date); left out: kept, or today when it becomes done")


class ProgressUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MeasureProgress.STATUSES, required=False)
    result = serializers.CharField(allow_blank=True, required=False, max_length=TEXT_LIMITS["result"])
    completed_on = serializers.DateField(required=False, allow_null=True,
                                         help_text="a done measure's day it was finished (ISO date); left out: kept, or today when it becomes done")
    seen = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                 help_text="the record's `seen` as read: the change is refused (409) if the status "
                                           "or result changed since (units sharing a measure share its record)")
    asked = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                  help_text="the record's `asked` as read: the save answers that change request")


class EvidenceInSerializer(serializers.Serializer):
    """A photo or file (multipart) or a link (JSON or multipart), with an optional caption."""

    file = serializers.FileField(required=False, help_text="JPEG, PNG, HEIC photo (EXIF removed), PDF, DOCX or XLSX")
    url = serializers.CharField(required=False, max_length=1000, validators=[web_link])  # (a URLField would say it twice)
    caption = serializers.CharField(required=False, allow_blank=True, max_length=255)
