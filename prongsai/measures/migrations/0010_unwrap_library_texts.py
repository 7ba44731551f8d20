"""Library texts as a document should print them: the library file's line wrapping undone in the
rows the central office has not edited (`library.unwrap`; new databases load them so, 0002)."""
from django.db import migrations

FIELDS = ("activities_th", "output_th", "communication_th", "responsible_th", "monitoring_th")


def unwrap_rows(apps, schema_editor):
    from prongsai.measures.library import unwrap

    StandardMeasure = apps.get_model("measures", "StandardMeasure")
    for row in StandardMeasure.objects.filter(edited_at=None):
        texts = {f: unwrap(getattr(row, f)) for f in FIELDS}
        if any(texts[f] != getattr(row, f) for f in FIELDS):
            StandardMeasure.objects.filter(pk=row.pk).update(**texts)


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_reporting_round_name")]
    operations = [migrations.RunPython(unwrap_rows, migrations.RunPython.noop)]
