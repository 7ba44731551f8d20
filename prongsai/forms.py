"""Form parts every app uses."""
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# A link given as evidence or a disclosure: a web page's (Django's URLField also takes ftp://, which
# the signed documents would print as evidence nobody can open in a browser)
web_link = URLValidator(schemes=["http", "https"], message=_("Give the address of a web page (http:// or https://), e.g. https://www.bangkok.go.th/…"))


class WebLinkField(forms.URLField):
    """A URLField for web links only (`web_link`); an address typed without http(s):// is read as https."""

    default_validators = [web_link]
    default_error_messages = {"invalid": web_link.message}

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class LongText(forms.CharField):
    """The text of a text box, its line breaks one character each, as the box counts them against
    its maxlength: a browser sends each as \\r\\n, so a text the box allowed would be two characters
    a line over the limit on the server."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def long_texts(*names: str) -> dict:
    """A ModelForm's Meta.field_classes for its text boxes."""
    return {name: LongText for name in names}
