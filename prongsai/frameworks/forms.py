"""The upload of a year's framework pack."""
from django import forms
from django.utils.translation import gettext_lazy as _

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
