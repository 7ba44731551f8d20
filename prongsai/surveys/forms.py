"""Coordinator forms: the collection window and the response import."""
from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.measures.forms import in_fiscal_year

from prongsai.scoring import available_packs


class WindowForm(forms.Form):
    """The collection window of a round, inside the round's fiscal year (FY2568: Oct 2024 – Sep
    2025; a window in another year would hide the round's figures as if it were collecting); a
    round holding a published report's figures does not collect (new questionnaires would be
    added to the published counts)."""

    opens_at = forms.DateTimeField(
        label=_("Opens (Bangkok time)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes (Bangkok time)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and self.round is not None and self.round.published_scores.exists():
            raise forms.ValidationError(_(
                "This round holds the figures of a published report: questionnaires collected into it would be "
                "added to the published counts. Collect in the next fiscal year's round instead."))
        if bool(opens) != bool(closes):
            raise forms.ValidationError(_("Give both the opening and the closing time, or neither."))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The collection window must close after it opens."))
        for name in ("opens_at", "closes_at") if self.round is not None else ():
            if data.get(name) and name not in self.errors:
                try:
                    in_fiscal_year(timezone.localdate(data[name]), self.round.fiscal_year, self.fields[name].label)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (R.csv or XLSX)"), help_text=_("One row per questionnaire, in the R.csv columns."))
    year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700, initial=2567)
    framework = forms.ChoiceField(label=_("Framework"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [("", _("the one covering the year"))] + [(p, p) for p in available_packs()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
