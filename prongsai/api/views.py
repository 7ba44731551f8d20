"""The JSON API: thin views. Reads are narrowed to the agencies the user may read
(`prongsai.people.roles.readable`), so an object of another agency is 404; a write the user has
no right to is 403; anonymous requests are 401. Writes call the owning app's service functions
(OIT: `prongsai.oit.services`; plans: `prongsai.measures.approval`; evidence:
`prongsai.measures.evidence`) and leave an audit entry."""
from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.measures.approval import (
    ApprovalError, approve, approve_report, lock_progress, recall, recall_report, submit_report, withdraw,
    withdraw_report,
)
from prongsai.measures.approval import submit as submit_plan
from prongsai.measures import services as measures_services
from prongsai.measures.evidence import EvidenceError, add_link, add_upload, shown_evidence
from prongsai.measures.forms import EvidenceForm, ProgressForm
from prongsai.measures.models import Evidence, Measure, MeasureProgress, Plan
from prongsai.measures.tracking import changed_meanwhile, round_progress, save_progress, unreported
from prongsai.oit.models import Disclosure
from prongsai.oit.services import (
    PublishedResultError, TransitionError, ensure_disclosures, give_verdict, save_details, submit,
)
from prongsai.people import roles
from prongsai.reports.export import report_json
from prongsai.reports.scores import round_breakdown
from prongsai.scoring import breakdown_json

from . import filters
from . import serializers as s


class Conflict(ValidationError):
    status_code = status.HTTP_409_CONFLICT


@contextmanager
def refused_as_conflict():
    """A change the object's state refuses (approval.ApprovalError) as 409 with its reason."""
    try:
        yield
    except ApprovalError as exc:
        raise Conflict({"detail": str(exc)})


@contextmanager
def report_open(progress):
    """A transaction in which the progress's reporting round is locked and still open (and a
    progress stored meanwhile adopted: approval.lock_progress); 409 when its report is signed
    off (its progress is final)."""
    with refused_as_conflict(), transaction.atomic():
        lock_progress(progress)
        yield


class ApiViewSet(viewsets.GenericViewSet):
    """Common ground: readable querysets, validated filters, the request's language."""

    agency_field = "agency"
    filter_class: type[filters.Filter] | None = None
    lookup_value_converter = "int"

    def initial(self, request, *args, **kwargs):
        # API clients ask for a language with Accept-Language (or the UI's cookie); Thai otherwise.
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        qs = roles.readable(self.request.user, self.base_queryset(), self.agency_field)
        if self.action == "list" and self.filter_class is not None:
            f = self.filter_class(data=self.request.query_params)
            f.is_valid(raise_exception=True)
            qs = f.apply(qs)
        return qs

    def deny_unless(self, allowed: bool):
        if not allowed:
            raise PermissionDenied(_("You may read this but not change it."))


def _list_params(filter_class):
    return extend_schema(parameters=[filter_class])


# -- agencies and rounds ------------------------------------------------------------------------------

@extend_schema_view(list=_list_params(filters.AgencyFilter))
class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Agencies the user may read, with their units."""

    serializer_class = s.AgencySerializer
    agency_field = "pk"
    filter_class = filters.AgencyFilter
    lookup_field = "code"
    lookup_value_converter = "str"

    def base_queryset(self):
        return Agency.objects.select_related("parent").prefetch_related("units").order_by("code")


@extend_schema_view(list=_list_params(filters.RoundFilter))
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Assessment rounds (agency × fiscal year) and their scores."""

    serializer_class = s.RoundSerializer
    filter_class = filters.RoundFilter

    def base_queryset(self):
        return AssessmentRound.objects.select_related("agency").order_by("-fiscal_year", "agency__code")

    @extend_schema(responses=s.ScoresSerializer, summary="The round's scores (the `prongsai score` JSON schema)")
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        return Response(breakdown_json(round_breakdown(self.get_object())))

    @extend_schema(responses=s.ReportSerializer,
                   summary="The full results report: scores, tables, suppressed cells null")
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        return Response(report_json(self.get_object()))

    @extend_schema(responses=s.DisclosureSerializer(many=True), summary="Every OIT item of the round, in pack order")
    @action(detail=True, methods=["get"], pagination_class=None)
    def disclosures(self, request, pk=None):
        rnd = self.get_object()
        return Response(s.DisclosureSerializer(ensure_disclosures(rnd), many=True).data)


# -- OIT disclosures -----------------------------------------------------------------------------------

@extend_schema_view(list=_list_params(filters.DisclosureFilter))
class DisclosureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """OIT records: where each item is published, its status and verdict, and their history."""

    serializer_class = s.DisclosureSerializer
    agency_field = "round__agency"
    filter_class = filters.DisclosureFilter

    def base_queryset(self):
        return Disclosure.objects.select_related("round__agency", "unit", "assessed_by").order_by(
            "round__agency__code", "-round__fiscal_year", "id")

    def _current(self) -> Disclosure:
        d = self.get_object()
        ensure_disclosures(d.round)  # brings an imported verdict's status in line, as the UI does
        d.refresh_from_db()
        return d

    @extend_schema(request=s.DisclosureDetailsSerializer, responses=s.DisclosureSerializer,
                   summary="Change the agency's details of an item (links, note, unit, person, due date)")
    def partial_update(self, request, pk=None):
        d = self._current()
        self.deny_unless(roles.can_edit_round(request.user, d.round))
        details = s.DisclosureDetailsSerializer(data=request.data, context={"agency": d.round.agency})
        details.is_valid(raise_exception=True)
        given = details.validated_data
        try:
            save_details(
                d, request.user,
                urls=given.get("urls", d.links), note=given.get("note", d.note),
                unit=given["unit"] if "unit" in given else d.unit,
                responsible_person=given.get("responsible_person", d.responsible_person),
                due_date=given["due_date"] if "due_date" in given else d.due_date,
            )
        except TransitionError as exc:
            raise Conflict({"detail": str(exc)})
        return Response(s.DisclosureSerializer(d).data)  # oit.services.change wrote the audit entry

    @extend_schema(request=None, responses={200: s.DisclosureSerializer},
                   summary="Hand the item to the assessor (draft → submitted, passed/failed → resubmitted)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        d = self._current()
        self.deny_unless(roles.can_edit_round(request.user, d.round))
        try:
            submit(d, request.user)  # audited by oit.services.change
        except TransitionError as exc:
            raise Conflict({"detail": str(exc)})
        return Response(s.DisclosureSerializer(d).data)

    @extend_schema(request=s.VerdictSerializer, responses={200: s.VerdictResultSerializer},
                   summary="The assessor's verdict; the answer carries the round's new scores")
    @action(detail=True, methods=["post"])
    def verdict(self, request, pk=None):
        d = self._current()
        self.deny_unless(roles.can_assess(request.user, d.round.agency_id))
        verdict = s.VerdictSerializer(data=request.data)
        verdict.is_valid(raise_exception=True)
        try:  # audited, with the history event, by oit.services.change
            give_verdict(d, request.user, verdict.validated_data["value"], verdict.validated_data["comment"])
        except PublishedResultError as exc:
            raise Conflict({"detail": str(exc)})
        except TransitionError as exc:
            raise ValidationError({"score": [str(exc)]})
        return Response({"disclosure": s.DisclosureSerializer(d).data,
                         "scores": breakdown_json(round_breakdown(d.round))})

    @extend_schema(responses=s.DisclosureEventSerializer(many=True), summary="The item's history, newest first")
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        d = self.get_object()
        page = self.paginate_queryset(d.events.select_related("actor").order_by("-at", "-id"))
        return self.get_paginated_response(s.DisclosureEventSerializer(page, many=True).data)


# -- plans and measures ----------------------------------------------------------------------------------

@extend_schema_view(list=_list_params(filters.PlanFilter))
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Measures plans with their issues and reporting rounds; the director approves."""

    serializer_class = s.PlanSerializer
    filter_class = filters.PlanFilter

    def base_queryset(self):
        return Plan.objects.select_related("agency", "approved_by").prefetch_related(
            "issues__measures", "reporting_rounds").order_by("agency__code", "-fiscal_year")

    @extend_schema(request=None, responses=s.PlanSerializer,
                   summary="Send the plan to the director for approval (the agency's coordinator; every measure needs a deadline and a unit)")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._change(request, roles.can_edit_plan, submit_plan)

    @extend_schema(request=None, responses=s.PlanSerializer,
                   summary="Take a sent plan back off the director's list to change it (the agency's coordinator; not once approved)")
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        return self._change(request, roles.can_edit_plan, recall)

    @extend_schema(request=None, responses=s.PlanSerializer, summary="Approve a plan that was sent (the agency's director)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._change(request, roles.can_approve, approve)

    def _change(self, request, may, change):
        """One of `approval`'s changes to the plan (audited there), by whoever `may` for its agency;
        a change its state refuses is 409."""
        plan = self.get_object()
        self.deny_unless(may(request.user, plan.agency_id))
        with refused_as_conflict():
            change(plan, request.user)
        return Response(s.PlanSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=s.PlanSerializer, summary="Withdraw the approval (the plan can be edited again)")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._change(request, roles.can_approve, withdraw)

    def _reporting_round(self, request, code, may=None):
        """The plan's reporting round with this code (404 otherwise), for whoever `may` change it
        for the plan's agency (403 otherwise; None: anyone who reads the plan)."""
        plan = self.get_object()
        if may is not None:
            self.deny_unless(may(request.user, plan.agency_id))
        rr = plan.reporting_rounds.filter(code=code).first()
        if rr is None:
            raise NotFound(_("The plan has no reporting round with this code."))
        return rr

    @extend_schema(responses=s.RoundReportSerializer,
                   summary="A reporting round's progress report: each measure's progress as the round shows it "
                           "(carried from an earlier round within it when not reported in the round)")
    @action(detail=True, methods=["get"], url_path="reports/<slug:code>")
    def report(self, request, pk=None, code=None):
        rr = self._reporting_round(request, code)
        shown = list(round_progress(rr).values())
        return Response(s.RoundReportSerializer({
            "reporting_round": rr, "unreported": unreported(rr, shown),
            "never_reported": sum(1 for p in shown if not p.reported), "progress": shown}).data)

    @extend_schema(request=s.ApproveReportSerializer, responses=s.PlanSerializer,
                   summary="Send a reporting round's progress report to the director (the agency's coordinator, "
                           "having read what the units recorded); it then waits for the director's approval. "
                           "While measures are not reported, only with confirm_unreported (else 409)")
    @action(detail=True, methods=["post"], url_path="reports/<slug:code>/submit")
    def submit_report(self, request, pk=None, code=None):
        given = s.ApproveReportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        rr = self._reporting_round(request, code, roles.can_edit_plan)
        with refused_as_conflict():
            submit_report(rr, request.user, unreported_confirmed=given.validated_data["confirm_unreported"])  # audited
        return Response(s.PlanSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=s.PlanSerializer,
                   summary="Take a sent progress report back off the director's list (the agency's coordinator; not once approved)")
    @action(detail=True, methods=["post"], url_path="reports/<slug:code>/recall")
    def recall_report(self, request, pk=None, code=None):
        with refused_as_conflict():
            recall_report(self._reporting_round(request, code, roles.can_edit_plan), request.user)  # audited
        return Response(s.PlanSerializer(self.get_object()).data)

    @extend_schema(request=s.ApproveReportSerializer, responses=s.PlanSerializer,
                   summary="Approve a reporting round's progress report (the director); its progress is then final. "
                           "While measures are not reported, only with confirm_unreported (else 409)")
    @action(detail=True, methods=["post"], url_path="reports/<slug:code>/approve")
    def approve_report(self, request, pk=None, code=None):
        given = s.ApproveReportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        rr = self._reporting_round(request, code, roles.can_approve)
        with refused_as_conflict():
            approve_report(rr, request.user, unreported_confirmed=given.validated_data["confirm_unreported"])  # audited
        return Response(s.PlanSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=s.PlanSerializer, summary="Withdraw a progress report's approval")
    @action(detail=True, methods=["post"], url_path="reports/<slug:code>/withdraw")
    def withdraw_report(self, request, pk=None, code=None):
        withdraw_report(self._reporting_round(request, code, roles.can_approve), request.user)  # audited
        return Response(s.PlanSerializer(self.get_object()).data)


@extend_schema_view(list=_list_params(filters.MeasureFilter))
class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = s.MeasureSerializer
    agency_field = "issue__plan__agency"
    filter_class = filters.MeasureFilter

    def base_queryset(self):
        return Measure.objects.select_related("issue", "standard").prefetch_related("responsible_units").order_by(
            "issue__plan__agency__code", "-issue__plan__fiscal_year", "issue__order", "issue_id", "order", "id").distinct()


def can_record(user, measure: Measure) -> bool:
    """Progress of a measure: the coordinator, or staff of one of its responsible units."""
    agency_id = measure.issue.plan.agency_id
    return roles.can_edit_plan(user, agency_id) or any(
        roles.can_record_progress(user, unit) for unit in measure.responsible_units.all())


def _form_errors(form) -> dict:
    return {("non_field_errors" if k == "__all__" else k): v for k, v in form.errors.items()}


@extend_schema_view(list=_list_params(filters.ProgressFilter))
class ProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Progress of each measure per reporting round, with its evidence."""

    serializer_class = s.ProgressSerializer
    agency_field = "measure__issue__plan__agency"
    filter_class = filters.ProgressFilter

    def base_queryset(self):
        return MeasureProgress.objects.select_related("measure__issue__plan__agency", "reporting_round", "updated_by").prefetch_related(
            "evidence").order_by("reporting_round__plan_id", "reporting_round__start", "measure_id")

    def _save(self, request, progress: MeasureProgress, given: dict) -> MeasureProgress:
        self.deny_unless(can_record(request.user, progress.measure))
        data = {"p-status": given.get("status", progress.status), "p-result": given.get("result", progress.result),
                "p-asked": given.get("asked", "")}  # answers the coordinator's request it read (`asked`)
        if given.get("completed_on"):
            data["p-completed_on"] = given["completed_on"].isoformat()
        form = ProgressForm(data, instance=progress, prefix="p")  # the UI's form: the same rules
        if not form.is_valid():
            raise ValidationError({k.removeprefix("p-"): v for k, v in _form_errors(form).items()})
        with report_open(progress):
            if "seen" in given:  # (as the progress page does) not over a change made since it was read
                stored = changed_meanwhile(progress, given["seen"], form.cleaned_data["status"], form.cleaned_data["result"],
                                           form.cleaned_data.get("completed_on"))
                if stored is not None:
                    who = stored.updated_by.get_username() if stored.updated_by else _("someone")
                    raise Conflict({"detail": _("%(who)s changed this progress after you read it: read it again, "
                                                "combine the two, then send it with the new seen.") % {"who": who}})
            return save_progress(request.user, progress, form)  # audited, as on the progress page

    @extend_schema(request=s.ProgressInSerializer, responses={200: s.ProgressSerializer, 201: s.ProgressSerializer},
                   summary="Record a measure's progress in a reporting round (created on first use)")
    def create(self, request):
        given = s.ProgressInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        measures = roles.readable(request.user, Measure.objects.select_related("issue__plan"), "issue__plan__agency")
        measure = measures.filter(pk=data["measure"]).first()
        if measure is None:
            raise ValidationError({"measure": [_("No measure with this id.")]})
        rr = measure.issue.plan.reporting_rounds.filter(code=data["reporting_round"]).first()
        if rr is None:
            raise ValidationError({"reporting_round": [_("The measure's plan has no reporting round with this code.")]})
        shown = round_progress(rr, [measure])[measure.pk]
        existing = shown.own
        # a first record in the round starts from what an earlier round within it reported (fields left out keep it)
        progress = shown.record_to_save()
        self._save(request, progress, data)
        return Response(s.ProgressSerializer(progress).data, status=200 if existing else 201)

    @extend_schema(request=s.ProgressUpdateSerializer, responses=s.ProgressSerializer, summary="Change status or result")
    def partial_update(self, request, pk=None):
        progress = self.get_object()
        given = s.ProgressUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        self._save(request, progress, given.validated_data)
        return Response(s.ProgressSerializer(self.get_object()).data)

    @extend_schema(request={"multipart/form-data": s.EvidenceInSerializer, "application/json": s.EvidenceInSerializer},
                   responses={201: s.EvidenceSerializer, 200: s.EvidenceSerializer},
                   summary="Add evidence: a photo or file (checked by content, photos re-encoded) or a link; "
                           "the same file or link again returns the stored one (200)")
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        progress = self.get_object()
        self.deny_unless(can_record(request.user, progress.measure))
        if len(request.FILES.getlist("file")) > 1:
            raise ValidationError({"file": [_("One file per request.")]})
        form = EvidenceForm({k: request.data.get(k, "") for k in ("url", "caption")},
                            {"file": request.FILES["file"]} if "file" in request.FILES else {})
        if not form.is_valid():
            raise ValidationError(_form_errors(form))
        data = form.cleaned_data
        upload = (data.get("file") or [None])[0]  # the form takes several files; a request sends one
        if upload and data.get("url"):  # one resource per request (the page may add both at once)
            raise ValidationError({"url": [_("One piece of evidence per request: send the file and the link separately.")]})
        held = set(shown_evidence(progress).values_list("pk", flat=True))
        try:
            with report_open(progress):
                if upload:
                    evidence = add_upload(progress, upload, data.get("caption", ""), user=request.user)
                else:
                    evidence = add_link(progress, data["url"], form.caption_of_link(), user=request.user)
        except EvidenceError as exc:
            raise ValidationError({"file": [str(exc)]})
        # the same file or link sent again (a retried request) is the evidence already stored: 200, not a copy
        return Response(s.EvidenceSerializer(evidence).data, status=200 if evidence.pk in held else 201)


@extend_schema_view(list=_list_params(filters.EvidenceFilter))
class EvidenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    serializer_class = s.EvidenceSerializer
    agency_field = "progress__measure__issue__plan__agency"
    filter_class = filters.EvidenceFilter

    def base_queryset(self):
        return Evidence.objects.select_related("progress__measure__issue__plan__agency").order_by("progress_id", "created_at", "id")

    @extend_schema(responses={204: OpenApiResponse(description="deleted")})
    def destroy(self, request, pk=None):
        evidence = self.get_object()
        self.deny_unless(can_record(request.user, evidence.progress.measure))
        with report_open(evidence.progress):
            measures_services.delete(request.user, evidence)  # audited; the measures app's signal removes the files
        return Response(status=204)
