"""Library texts as a document should print them: the library file's line wrapping undone in the
rows the central office has not edited (`library.unwrap`; new databases load them so, 0002)."""
import re

from django.db import migrations

FIELDS = ("activities_th", "output_th", "communication_th", "responsible_th", "monitoring_th")


# library.unwrap as it was when this migration was written: it runs the same whatever the module becomes
OWN_LINE = re.compile(r"\s*(?:\d+[.)]|[๐-๙]+[.)]|\(\d+\)|[-•–])\s")


def unwrap(text: str) -> str:
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if OWN_LINE.match(line) or not line.strip() or not out[-1].strip():
            out.append(line)
        else:
            out[-1] = out[-1].rstrip() + " " + line.strip()
    return "\n".join(out)


def unwrap_rows(apps, schema_editor):
    StandardMeasure = apps.get_model("measures", "StandardMeasure")
    for row in StandardMeasure.objects.filter(edited_at=None):
        texts = {f: unwrap(getattr(row, f)) for f in FIELDS}
        if any(texts[f] != getattr(row, f) for f in FIELDS):
            StandardMeasure.objects.filter(pk=row.pk).update(**texts)


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_reporting_round_name")]
    operations = [migrations.RunPython(unwrap_rows, migrations.RunPython.noop)]
