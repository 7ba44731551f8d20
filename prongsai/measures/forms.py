"""Forms of the planning pages; their rules stay in the models and plain functions."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import Truncator, capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Unit
from prongsai.forms import WebLinkField, long_texts

from .models import TEXT_LIMITS, Measure, MeasureProgress, PlanIssue, ReportingRound, StandardMeasure
from .templatetags.plans import be_date
from .approval import ApprovalError
from .documents import PROBLEM_SPAN_CHARS
from .tracking import STANDARD_ROUNDS, preset_period, refuse_within_signed


class StandardMeasureForm(forms.ModelForm):
    class Meta:
        model = StandardMeasure
        fields = ["target", "title_th", "title_en", "activities_th", "output_th", "communication_th", "responsible_th", "monitoring_th"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["output_th", "communication_th"]}
        field_classes = long_texts("activities_th", "output_th", "communication_th")

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ChoiceField(label=_("question or sub-indicator"), choices=[(t, t) for t in targets])
        self.fields["activities_th"].widget.attrs["rows"] = 6


class IssueForm(forms.ModelForm):
    class Meta:
        model = PlanIssue
        fields = ["code", "problem"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 3})}
        field_classes = long_texts("problem")

    def __init__(self, *args, codes: list[tuple[str, str]], plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["code"] = forms.ChoiceField(label=_("Question or OIT item"), choices=codes)
        # said before it is typed, as the measure's text is: what a long one does to the signed plan
        self.fields["problem"].help_text = format_lazy("{} {}", _("What the results show needs improving, in your own words."), _(
            "Past %(n)s characters the signed plan prints it on a row of its own across the table, above its "
            "measures.") % {"n": f"{PROBLEM_SPAN_CHARS:,}"})
        self.fields["problem"].required = True  # it heads the issue's rows in the official documents

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = PlanIssue.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This plan already has an issue for %(code)s.") % {"code": code})
        return code


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["activities", "output", "communication", "deadline", "responsible_units", "monitoring"]
        field_classes = long_texts("activities", "output", "communication")
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 5}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "communication": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["responsible_units"].queryset = Unit.objects.filter(agency=plan.agency)
        # said before it is typed: the signed plan prints it in one of eight columns (a tester's 1,381
        # characters ran six pages of that column alone)
        if "activities" in self.fields:  # (the assignment page's rows have none)
            self.fields["activities"].help_text = _("The plan prints this in one of its eight columns: some 400 characters "
                                                    "fill a page's height there. Put longer details in an attached document.")
        start, end = preset_period(plan.fiscal_year, "12m")
        self.period = (start, end)  # the fiscal year, whatever this measure's own deadline
        self.fields["deadline"].help_text = _(
            "Within fiscal year %(year)s (%(start)s – %(end)s); overdue is worked out from this date."
        ) % {"year": plan.fiscal_year, "start": be_date(start), "end": be_date(end)}
        kept = self.instance.pk and self.instance.deadline and not start <= self.instance.deadline <= end
        if not kept:  # the picker offers the fiscal year only (an older deadline kept as it is stays choosable)
            self.fields["deadline"].widget.attrs.update(min=start.isoformat(), max=end.isoformat())

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline is None or (self.instance.pk and deadline == self.instance.deadline):
            return deadline  # unchanged: an older deadline does not block saving the rest
        return in_fiscal_year(deadline, self.plan.fiscal_year, self.fields["deadline"].label)


def in_fiscal_year(value: dt.date, fiscal_year: int, field) -> dt.date:
    """`value` when it is a Christian-era date inside the Buddhist-era fiscal year, else a
    ValidationError naming the field (`field`, its label): a deadline, a reporting round's dates."""
    if value.year > 2400:  # 2568-03-31 typed for 31 Mar 2025
        raise forms.ValidationError(_(
            "%(field)s: %(year)s looks like a Buddhist-era year: enter the Christian-era year (%(year)s − 543 = %(ce)s)."
        ) % {"field": capfirst(field), "year": value.year, "ce": value.year - 543})
    start, end = preset_period(fiscal_year, "12m")
    if not start <= value <= end:
        raise forms.ValidationError(_("%(field)s must fall within fiscal year %(year)s: %(start)s – %(end)s.") % {
            "field": capfirst(field), "year": fiscal_year, "start": be_date(start), "end": be_date(end)})
    return value


class ReportingRoundForm(forms.ModelForm):
    """A round with its own code and dates, inside the plan's fiscal year (6m and 12m are added
    with one click, `tracking.add_standard_round`; given here without dates they get the standard ones)."""

    class Meta:
        model = ReportingRound
        fields = ["code", "name", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["start"].required = False
        self.fields["end"].required = False
        self.fields["code"].help_text = _("A short code of letters and digits, e.g. q1 for the first quarter.")
        # Django's own wording of a slug has no Thai: said as the help text says it (a tester typed ไตรมาส1)
        self.fields["code"].error_messages["invalid"] = _("Use English letters, digits, - or _ only, without spaces (e.g. q1).")
        start, end = preset_period(plan.fiscal_year, "12m")
        self.fields["start"].help_text = _(
            "Christian-era dates within fiscal year %(year)s (%(start)s – %(end)s)."
        ) % {"year": plan.fiscal_year, "start": be_date(start), "end": be_date(end)}

    def clean_start(self):
        value = self.cleaned_data.get("start")
        return value and in_fiscal_year(value, self.plan.fiscal_year, self.fields["start"].label)

    def clean_end(self):
        value = self.cleaned_data.get("end")
        return value and in_fiscal_year(value, self.plan.fiscal_year, self.fields["end"].label)

    def clean(self):
        data = super().clean()
        code = data.get("code")
        dated = not (self.has_error("start") or self.has_error("end"))
        if code and dated and not data.get("start") and not data.get("end") and preset_period(self.plan.fiscal_year, code):
            data["start"], data["end"] = preset_period(self.plan.fiscal_year, code)  # 6m, 12m: the standard dates
        if code and code not in STANDARD_ROUNDS and not data.get("name", "").strip() and not self.has_error("name"):
            self.add_error("name", _("Name the round as the documents should call it (e.g. Quarter 3): its code %(code)s "
                                     "would show in the signed report.") % {"code": code})
        for name in ("start", "end"):
            if code and not data.get(name) and not self.has_error(name):
                self.add_error(name, _("%(field)s is needed: a reporting round other than 6m and 12m has its own dates.")
                               % {"field": capfirst(self.fields[name].label)})
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must not be before the start date."))
        if code and ReportingRound.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("This plan already has a reporting round %(code)s.") % {"code": code})
        if data.get("start") and data.get("end") and not self.errors:
            try:
                refuse_within_signed(self.plan, data["start"], data["end"])
            except ApprovalError as exc:
                self.add_error(None, str(exc))
        return data


class ProgressForm(forms.ModelForm):
    # the stored status and text when the page was opened (tracking.stamp): a save over someone
    # else's change since is refused rather than silently replacing it (units may share a measure)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    # the coordinator's request shown when the page was opened (tracking.request_stamp): a save answers
    # only a request its writer saw (one asked after the page opened stays: a tester's stale tab)
    asked = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeasureProgress
        fields = ["status", "completed_on", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 5}),
                   "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = long_texts("result")
        help_texts = {"completed_on": format_lazy("{} {}", _(
            "When the status is done: the day it was finished (left empty while the round lasts: today). The report "
            "says “late” when it is after the deadline."), _(
            "The date box counts years in the Christian era (2025); the Buddhist-era date shows beside it."))}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rr = self.instance.reporting_round
        day = self.fields["completed_on"]
        day.widget.attrs["max"] = min(timezone.localdate(), rr.end).isoformat()
        # for a done measure only: shown when "done" is chosen (forms.js), not beside every status on a phone
        day.widget.attrs["data-shown-when"] = f"{self['status'].auto_id}={MeasureProgress.DONE}"
        if timezone.localdate() > rr.end:  # no longer filled in with today: said before the save, not after it
            # (a refused save loses the photo chosen beside it: a tester's unit head, on a phone)
            day.help_text = format_lazy("{} {}", _("Needed for a done measure: this reporting round ended on %(end)s.") % {
                "end": be_date(rr.end)}, day.help_text)

    def clean_completed_on(self):
        day = self.cleaned_data.get("completed_on")
        if self.cleaned_data.get("status") != MeasureProgress.DONE:
            if day is not None and day != self.instance.completed_on and "status" not in self.errors:
                # a day typed beside "in progress" was dropped without a word (a tester): say what it is for
                raise forms.ValidationError(_("%(field)s is for a measure that is done: choose “done” as its status, "
                                              "or empty the date box.") % {"field": capfirst(self.fields["completed_on"].label)})
            return None  # only a finished measure has a day it was finished
        if day is None or day == self.instance.completed_on:
            return day  # unchanged: kept as it is
        label = self.fields["completed_on"].label
        if day.year > 2400:  # 2568-03-31 typed for 31 Mar 2025
            return in_fiscal_year(day, self.instance.reporting_round.plan.fiscal_year, label)  # says so
        if day > timezone.localdate():
            raise forms.ValidationError(_("%(field)s: a day still to come; give the day it was finished.") % {
                "field": capfirst(label)})
        rr = self.instance.reporting_round
        end = rr.end
        if day > end:  # the round's report is as of its end: then, it was not finished yet
            if rr.plan.reporting_rounds.filter(end__gt=end).exists():
                raise forms.ValidationError(_("%(field)s is after this reporting round ended (%(end)s): a measure finished "
                                              "later is reported done in the next round.") % {
                    "field": capfirst(label), "end": be_date(end)})
            # the last round of the plan (the 12-month one): there is no next round to point to (a tester)
            raise forms.ValidationError(_("%(field)s is after this reporting round ended (%(end)s), the last of the plan's "
                                          "year: report the measure as it stood on that day (in progress), and say in the "
                                          "result when it was finished.") % {"field": capfirst(label), "end": be_date(end)})
        start, _end = preset_period(self.instance.reporting_round.plan.fiscal_year, "12m")
        if day < start:
            raise forms.ValidationError(_("%(field)s is before fiscal year %(year)s began (%(start)s).") % {
                "field": capfirst(label), "year": self.instance.reporting_round.plan.fiscal_year,
                "start": be_date(start)})
        return day

    def clean(self):
        data = super().clean()
        if data.get("status") == MeasureProgress.DONE and data.get("completed_on") is None and "completed_on" not in self.errors:
            if self.instance.status == MeasureProgress.DONE:  # done already (carried, or saved again): its day
                data["completed_on"] = self.instance.completed_on  # as it is (none, recorded before there was one)
            elif timezone.localdate() <= self.instance.reporting_round.end:
                data["completed_on"] = timezone.localdate()  # becomes done today
            else:  # the round is over (a 12-month report written in October): today is no day it reports
                # on, and with none a measure finished late would read as on time (a reviewer)
                self.add_error("completed_on", _("Give the day it was finished: this reporting round ended on %(end)s.") % {
                    "end": be_date(self.instance.reporting_round.end)})
        if not (data.get("result") or "").strip():
            # the progress report prints it under the measure: a status alone says nothing to the reader,
            # and an empty save would count as reported (a tester's unit cleared its to-do so)
            self.add_error("result", {
                MeasureProgress.DONE: _("Say what was done: the progress report prints it under the measure."),
                MeasureProgress.IN_PROGRESS: _("Say what has been done so far: the progress report prints it under the measure."),
            }.get(data.get("status"), _("Say why it has not started yet: the progress report prints it under the measure.")))
        return data


class AskChangeForm(forms.Form):
    """The coordinator's request to a unit to change what it recorded (tracking.ask_change)."""

    note = forms.CharField(label=_("What should the unit change?"), max_length=TEXT_LIMITS["note"],
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Say what the unit should change.")})


MAX_FILES_PER_SAVE = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once (an activity's photos): a list, each checked as one FileField."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        from django.template.defaultfilters import filesizeformat

        from .evidence import limit_for, max_bytes, max_total_bytes, too_big

        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_FILES_PER_SAVE:
            raise forms.ValidationError(_("At most %(n)s files at once.") % {"n": MAX_FILES_PER_SAVE})
        limits = {f: limit_for(f.name, getattr(f, "content_type", "")) for f in files}
        over = [f for f in files if (f.size or 0) > limits[f]]
        if over:  # before the total: splitting a save cannot help a file that is too large itself (a tester)
            raise forms.ValidationError([f"{f.name}: {too_big(f.size, photo=limits[f] > max_bytes())}" for f in over])
        total = sum(f.size or 0 for f in files)
        if total > max_total_bytes():  # what the web server in front takes (deployment.md)
            raise forms.ValidationError(_("Together the files are %(total)s, more than the %(size)s one save takes: "
                                          "add them in several saves.")
                                        % {"total": filesizeformat(total), "size": filesizeformat(max_total_bytes())})
        cleaned, refused = [], []
        for f in files:  # each refusal names its file, as the checks of the evidence itself do
            try:
                cleaned.append(super(MultipleFileField, self).clean(f, initial))
            except forms.ValidationError as exc:
                refused.extend(f"{f.name}: {message}" for message in exc.messages)
        if refused:
            raise forms.ValidationError(refused)
        return cleaned


class EvidenceForm(forms.Form):
    file = MultipleFileField(
        label=_("Photos or files"), required=False,
        help_text=_("Several can be chosen at once. Photos (JPEG, PNG, HEIC) lose their location and camera data. "
                    "PDF, DOCX and XLSX files are accepted."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=255,
                              help_text=_("Given to every file chosen above; once saved, each has its own caption to change "
                                          "under “Evidence so far”."))
    url = WebLinkField(label=_("or a link"), required=False, max_length=1000)
    # a link's own words: the photos' caption printed before a web page's address called it a photo (a tester)
    link_caption = forms.CharField(label=_("Caption of the link"), required=False, max_length=255,
                                   help_text=_("Left empty: the caption above when no file is added with the link."))

    def __init__(self, *args, **kwargs):
        from django.template.defaultfilters import filesizeformat

        from .evidence import max_bytes, max_photo_bytes, max_total_bytes

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = format_lazy("{} {}", self.fields["file"].help_text, _(
            "Up to %(size)s each, a photo up to %(photo)s (stored smaller); %(total)s in one save.") % {
            "size": filesizeformat(max_bytes()), "photo": filesizeformat(max_photo_bytes()),
            "total": filesizeformat(max_total_bytes())})

    def clean(self):
        """A file, a link or both (each becomes one piece of evidence with its caption)."""
        data = super().clean()
        if not data.get("file") and not data.get("url") and not self.errors:
            raise forms.ValidationError(_("Choose a file or give a link."))
        return data

    def caption_of_link(self) -> str:
        """The link's caption: its own, else the caption when the link comes without files."""
        data = self.cleaned_data
        return data.get("link_caption") or ("" if data.get("file") else data.get("caption", ""))


class ProgressEvidenceForm(EvidenceForm):
    """The progress page's evidence: there, each one's caption can be changed afterwards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].help_text = _("Given to each file of this save; each one's caption can be "
                                             "changed in the list below.")


class CaptionForm(forms.Form):
    """One piece of evidence's caption, changed in the list of evidence."""

    caption = forms.CharField(label=_("Caption"), required=False, max_length=255)


class AssignForm(MeasureForm):
    """One row of the plan's assignment table: the measure's deadline and responsible units, and the
    plan's other columns the measure leaves empty (most library measures have no output or
    communication method: a tester's signed plan printed ten measures with blank cells)."""

    BLANKABLE = ("output", "communication", "monitoring")  # printed in the plan; not required to send it

    class Meta(MeasureForm.Meta):
        fields = ["deadline", "responsible_units", "output", "communication", "monitoring"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible_units": forms.CheckboxSelectMultiple,
            "output": forms.Textarea(attrs={"rows": 2}),
            "communication": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline_help = self.fields["deadline"].help_text  # the fiscal year's dates, said once above the table
        self.overtaken = []  # columns filled by someone else since the page was opened
        for name in self.BLANKABLE:  # only the empty ones are offered here; the measure's page edits the rest
            theirs = getattr(self.instance, name, "")
            if not theirs:
                continue
            typed = self.data.get(self.add_prefix(name), "").replace("\r\n", "\n").strip()  # (a browser sends CRLF)
            if self.is_bound and typed not in ("", theirs.replace("\r\n", "\n").strip()):
                self.overtaken.append(name)  # kept on the form: the text typed is shown again, not dropped
            else:
                del self.fields[name]
        for field in self.fields.values():  # the table's page says it once; a row shows no help text to point at
            field.help_text = ""

    def clean(self):
        cleaned = super().clean()
        for name in self.overtaken:
            self.add_error(name, _("Someone filled this column meanwhile: “%(theirs)s”. To keep it, empty this box and save; "
                                   "to use your text instead, change the measure on its own page.")
                           % {"theirs": Truncator(getattr(self.instance, name)).chars(200)})
        return cleaned

    def blank_fields(self):
        return [self[name] for name in self.BLANKABLE if name in self.fields]


def assign_formset(plan, data=None):
    """Every measure of the plan, one row each, validated and saved together."""
    from django.forms import modelformset_factory

    from .documents import in_document_order

    queryset = in_document_order(plan.measures(), plan.pack).select_related("issue", "standard").prefetch_related("responsible_units")
    # edit only: a forged post cannot add rows or reach another plan's measures
    factory = modelformset_factory(Measure, form=AssignForm, extra=0, edit_only=True)
    return factory(data, queryset=queryset, form_kwargs={"plan": plan}, prefix="m")
