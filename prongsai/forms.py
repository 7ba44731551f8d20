"""Form parts every app uses."""
from django import forms


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
