from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Unit
from prongsai.forms import LongText

from .models import Disclosure
from .services import MAX_URLS, parse_urls


class DetailsForm(forms.Form):
    urls = forms.CharField(
        label=_("Links on the agency's website"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://"}),
    )
    note = LongText(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=Disclosure._meta.get_field("note").max_length)
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("— not set —"))
    responsible_person = forms.CharField(label=_("Responsible person"), required=False, max_length=255)
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Items due within the warning period show as at risk until they pass."),
    )

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        # in the page's language: a lazy text formatted at import was fixed in the language of that moment
        self.fields["urls"].help_text = _("One link per line, at most %(n)s. The assessor opens each of them.") % {"n": MAX_URLS}
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency)

    def clean_urls(self):
        return parse_urls(self.cleaned_data["urls"])


class VerdictForm(forms.Form):
    result = forms.ChoiceField(label=_("Verdict"), choices=[("pass", _("Pass")), ("fail", _("Fail"))])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("result") == "fail" and not data.get("comment", "").strip():
            self.add_error("comment", _("Say why the item fails, so the agency can fix it."))
        return data

    @property
    def score(self) -> int:
        return 100 if self.cleaned_data["result"] == "pass" else 0


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Attach a file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mb = settings.PRONGSAI_OIT_MAX_UPLOAD // (1024 * 1024)
        self.fields["file"].help_text = _("PDF, an image or an office document, up to %(mb)s MB.") % {"mb": mb}
