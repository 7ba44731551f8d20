"""Coordinator forms: the collection window and the response import."""
from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, AssessmentRound
from prongsai.documents.thai import fiscal_year_of
from prongsai.measures.forms import in_fiscal_year
from prongsai.reports.suppression import holds_answers, min_cell, reopening_reveals
from prongsai.reports.templatetags.prongsai import and_list, tr
from prongsai.scoring import PackError, load_pack, pack_for_year, usable_packs


def framework_choices() -> list[tuple[str, str]]:
    """The frameworks (shipped and the site's own) by name, after "the one covering the year"."""
    packs = usable_packs()
    # its name says its years, its code tells two frameworks of the same years apart
    return [("", _("the one covering the year"))] + [(p.code, f"{tr(p.name)} ({p.code})") for p in packs]


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

    confirm_close = forms.BooleanField(
        label=_("Close now: a closed round never collects again"), required=False,
        help_text=_("Needed only to end a collection that has answers: a closing time now or past, or no window."))

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        if round is None or round.closes_at is None or round.closes_at <= timezone.now():
            del self.fields["confirm_close"]  # nothing collecting to end: not asked

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        now = timezone.now()
        collecting = self.round is not None and self.round.closes_at is not None and self.round.closes_at > now
        stops = not closes or closes <= now  # closed now, or the window cleared
        if collecting and stops and not data.get("confirm_close") and holds_answers(self.round):  # else it may reopen
            # final: the results before and after a reopening would give answers away (reopening_reveals)
            self.add_error("confirm_close", _(
                "This closes the collection now, for good: a closed round does not collect again. Tick the box to "
                "close it. (A tool answered by fewer than %(k)s people will never show results.)") % {"k": min_cell()})
        if opens and self.round is not None and self.round.published_scores.exists():
            raise forms.ValidationError(_(
                "This round holds the figures of a published report: questionnaires collected into it would be "
                "added to the published counts. Collect in the next fiscal year's round instead."))
        if bool(opens) != bool(closes):
            raise forms.ValidationError(_("Give both the opening and the closing time, or neither."))
        if closes and closes > timezone.now() and self.round is not None and reopening_reveals(self.round):
            raise forms.ValidationError(_(
                "This round's questionnaires have been counted and their results can have been shown, so it "
                "cannot collect again: the results before and after would give away the answers of whoever "
                "answered in between. Nothing was changed."))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The collection window must close after it opens."))
        for name in ("opens_at", "closes_at") if self.round is not None else ():
            if data.get(name) and name not in self.errors:
                # a window closing at midnight ends on the day before: 1 Oct 00:00 closes the year
                moment = data[name] - timedelta(microseconds=1) if name == "closes_at" else data[name]
                try:
                    in_fiscal_year(timezone.localdate(moment), self.round.fiscal_year, self.fields[name].label)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        if collecting and closes and closes < now and not self.errors and holds_answers(self.round):
            # the round took questionnaires until this moment: its window says so (a tester's round, closed
            # "at 15:40" at 15:45, held answers of 15:41–15:44)
            data["closes_at"] = now
        return data


class RoundForm(forms.Form):
    """A new assessment round of one of the user's agencies, to collect questionnaires in: this
    fiscal year or the next, scored by a framework that covers the year (the rounds' own rule,
    `AssessmentRound.clean`, which the importers apply too)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), empty_label=None)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (B.E.)"), coerce=int)
    framework = forms.ChoiceField(label=_("Framework"), required=False)

    def __init__(self, *args, agencies, today, **kwargs):
        super().__init__(*args, **kwargs)
        year = fiscal_year_of(today)
        packs = usable_packs()
        covered = {y for pack in packs for y in pack.fiscal_years}
        self.uncovered = [y for y in (year, year + 1) if y not in covered]  # said before anything is sent
        self.years = [y for y in (year, year + 1) if y in covered]  # only what can be started is offered
        self.fields["agency"].queryset = agencies
        self.fields["fiscal_year"].choices = [(y, y) for y in self.years]
        self.fields["fiscal_year"].initial = self.years[0] if self.years else None
        self.fields["fiscal_year"].help_text = _(
            "This fiscal year (%(year)s: 1 October %(first)s to 30 September %(year)s) or the next: a round collects within its year."
        ) % {"year": year, "first": year - 1}
        useful = {p.code for p in packs if set(p.fiscal_years) & set(self.years)}
        self.fields["framework"].choices = [(code, name) for code, name in framework_choices() if not code or code in useful]

    def clean(self):
        data = super().clean()
        agency, year = data.get("agency"), data.get("fiscal_year")
        if agency is None or year is None:
            return data
        if AssessmentRound.objects.filter(agency=agency, fiscal_year=year).exists():
            raise forms.ValidationError(_("%(agency)s already has a round for fiscal year %(year)s.") % {
                "agency": agency.name, "year": year})
        try:
            pack = load_pack(data["framework"]) if data.get("framework") else pack_for_year(year)
        except PackError:
            raise forms.ValidationError(_(
                "No assessment framework covers fiscal year %(year)s yet, so its questionnaires could not be scored: "
                "ask the central office to add that year's framework to Prongsai.") % {"year": year})
        if year not in pack.fiscal_years:
            self.add_error("framework", _("Framework %(framework)s covers fiscal years %(years)s, not %(year)s.") % {
                "framework": tr(pack.name),
                "years": and_list(pack.fiscal_years), "year": year})
            return data
        data["pack"] = pack
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (R.csv or XLSX)"), help_text=_("One row per questionnaire, in the R.csv columns."))
    year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700, initial=2567)
    framework = forms.ChoiceField(label=_("Framework"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = framework_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
