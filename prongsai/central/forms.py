from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, assessed_agencies
from prongsai.forms import LongText, long_texts

from prongsai.measures.models import TEXT_LIMITS

from .models import CentralMeasure


class CentralMeasureForm(forms.ModelForm):
    class Meta:
        model = CentralMeasure
        fields = ["fiscal_year", "issue", "steps", "responsible", "order"]
        field_classes = long_texts("steps")
        widgets = {"steps": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["fiscal_year"]
        year.validators = []  # its range said once, as a year (-5 got "must be at least 0": a tester)
        year.widget.attrs.update(min=2500, max=2700)

    def clean_fiscal_year(self):
        from .measures import reported

        year = self.cleaned_data["fiscal_year"]
        if not 2500 <= year <= 2700:
            hint = f" ({year} + 543 = {year + 543})" if 2500 <= year + 543 <= 2700 else ""  # a Christian-era year typed
            raise forms.ValidationError(_("Give the Buddhist-era year, e.g. 2565.") + hint)
        # the answers belong to the year's compiled report: a tester's change of year moved them silently
        n = reported(self.instance) if self.instance.pk and year != self.instance.fiscal_year else 0
        if n:
            raise forms.ValidationError(_(
                "The year stays %(year)s: %(n)s agencies have reported on this measure for the %(year)s report. "
                "Make a new measure for another year.") % {"year": self.instance.fiscal_year, "n": n})
        return year


class AssignForm(forms.Form):
    everyone = forms.BooleanField(label=_("Every agency"), required=False,
                                  help_text=_("Every assessed agency: not the city itself, which groups the district offices."))
    agencies = forms.ModelMultipleChoiceField(
        label=_("or these agencies"), required=False, queryset=assessed_agencies(),  # not the city that groups them
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if not data.get("everyone") and not data.get("agencies"):
            raise forms.ValidationError(_("Choose the agencies, or every agency."))
        return data

    def chosen(self):
        """The agencies chosen; "every agency" is those that group no others (the assessed ones)."""
        if self.cleaned_data["everyone"]:
            return assessed_agencies()
        return self.cleaned_data["agencies"]


class ResultForm(forms.Form):
    result = LongText(label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                             max_length=TEXT_LIMITS["result"],
                             help_text=_("What the agency did for this measure, as it will appear in the compiled report."))
    # the central office's request shown when the page was opened: a save answers only that one
    asked = forms.CharField(widget=forms.HiddenInput, required=False)
