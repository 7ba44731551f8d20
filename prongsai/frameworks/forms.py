"""A year's framework: uploaded as a pack file, or an existing one carried forward to other years."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.scoring import Pack
from prongsai.scoring.packs import PACK_CODE, RESERVED_CODE, four_digit_year, is_be_year

from . import site

MAX_BYTES = 1024 * 1024  # a pack is about 60 KB


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Framework pack (YAML)"),
        help_text=_("The previous framework's YAML file with this year's code, fiscal years and changes; at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; a framework pack is a text file of about 60 KB."))
        try:
            self.text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text; save the YAML file as UTF-8.")) from None
        return upload


MAX_YEARS = 3


class CarryForm(forms.Form):
    """An existing framework again, for other fiscal years, under a code and names of its own."""

    base = forms.ChoiceField(label=_("Framework to carry forward"))
    years = forms.CharField(label=_("Fiscal years"), help_text=_("Buddhist era, e.g. 2569 or 2569, 2570"), max_length=40)
    code = forms.RegexField(
        label=_("Code of the new framework"), max_length=64, regex=rf"^{PACK_CODE.pattern}$",
        help_text=_("e.g. bma-district-2569-bkk (codes like bma-district-2569 are kept for the frameworks that come with Prongsai)"),
        error_messages={"invalid": _("Use lowercase Latin letters, digits and hyphens only, e.g. bma-district-2570-bkk.")})
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300)

    def __init__(self, *args, packs: list[Pack], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base"].choices = [(p.code, f"{p.code} ({', '.join(map(str, p.fiscal_years))})") for p in packs]

    def clean_years(self):
        years = []
        for word in re.split(r"[,\s]+", self.cleaned_data["years"].strip()):
            year = four_digit_year(word)
            if year is None or not is_be_year(year):
                hint = (_(" (%(ce)s + 543 = %(be)s)") % {"ce": year, "be": year + 543}) if year and is_be_year(year + 543) else ""
                raise forms.ValidationError(_("“%(word)s” is not a Buddhist-era fiscal year such as 2569%(hint)s.")
                                            % {"word": word[:12], "hint": hint})
            years.append(year)
        if len(set(years)) > MAX_YEARS:
            raise forms.ValidationError(_("At most %(n)s fiscal years: a framework is set for one or two years at a time.")
                                        % {"n": MAX_YEARS})
        return sorted(set(years))

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code in site.taken_codes():
            raise forms.ValidationError(_("Framework %(code)s exists already (or did: a code is never used twice); give this one another.")
                                        % {"code": code})
        if RESERVED_CODE.fullmatch(code):
            raise forms.ValidationError(_("Codes like bma-district-2569 are kept for the frameworks that come with Prongsai; add something of your own, e.g. %(code)s-bkk.") % {"code": code})
        return code
