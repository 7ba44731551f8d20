"""Forms of the planning pages; their rules stay in the models and plain functions."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Unit

from .models import Measure, MeasureProgress, PlanIssue, ReportingRound, StandardMeasure
from .tracking import preset_period


class StandardMeasureForm(forms.ModelForm):
    class Meta:
        model = StandardMeasure
        fields = ["target", "title_th", "title_en", "activities_th", "output_th", "communication_th", "responsible_th", "monitoring_th"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ["output_th", "communication_th"]}

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ChoiceField(label=_("question or sub-indicator"), choices=[(t, t) for t in targets])
        self.fields["activities_th"].widget.attrs["rows"] = 6


class IssueForm(forms.ModelForm):
    class Meta:
        model = PlanIssue
        fields = ["code", "problem"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, codes: list[tuple[str, str]], plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["code"] = forms.ChoiceField(label=_("Question or OIT item"), choices=codes)
        self.fields["problem"].help_text = _("What the results show needs improving, in your own words.")

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
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 5}),
            "output": forms.Textarea(attrs={"rows": 2}),
            "communication": forms.Textarea(attrs={"rows": 2}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "responsible_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_units"].queryset = Unit.objects.filter(agency=agency)
        self.fields["deadline"].help_text = _("Overdue is worked out from this date.")


class ReportingRoundForm(forms.ModelForm):
    class Meta:
        model = ReportingRound
        fields = ["code", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["start"].required = False
        self.fields["end"].required = False
        self.fields["start"].help_text = _("Leave the dates empty for 6m (October–March) and 12m (October–September).")

    def clean(self):
        data = super().clean()
        code = data.get("code")
        if code and (not data.get("start") or not data.get("end")):
            preset = preset_period(self.plan.fiscal_year, code)
            if preset is None:
                raise forms.ValidationError(_("A custom reporting round needs its start and end dates."))
            data["start"], data["end"] = preset
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The round must end after it starts."))
        if code and ReportingRound.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("This plan already has a reporting round %(code)s.") % {"code": code})
        return data


class ProgressForm(forms.ModelForm):
    class Meta:
        model = MeasureProgress
        fields = ["status", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 5})}


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or file"), required=False,
        help_text=_("Photos (JPEG, PNG, HEIC) lose their location and camera data. PDF, DOCX and XLSX files are accepted."),
    )
    url = forms.URLField(label=_("or a link"), required=False, max_length=1000, assume_scheme="https")
    caption = forms.CharField(label=_("Caption"), required=False, max_length=255)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Choose a file or give a link."))
        if data.get("file") and data.get("url"):
            raise forms.ValidationError(_("Give a file or a link, not both at once."))
        return data
