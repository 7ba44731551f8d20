"""Load the shipped standard measure library, so that a fresh database has it.

The same keys as `prongsai load-measures` (`<target>-<n>`), so the command stays idempotent
afterwards and updates these rows when the library file changes.
"""
from django.db import migrations


def load(apps, schema_editor):
    from prongsai.measures.library import available_libraries, library_path, read_library

    StandardMeasure = apps.get_model("measures", "StandardMeasure")
    # the library file is read by today's code: its sources may be longer than this migration's
    # column (0013 widens it and names them in full)
    sources_max = StandardMeasure._meta.get_field("sources").max_length
    for code in available_libraries():
        framework, entries = read_library(library_path(code))
        existing = set(StandardMeasure.objects.filter(framework=framework).values_list("key", flat=True))
        StandardMeasure.objects.bulk_create(
            StandardMeasure(framework=framework, **{**entry, "sources": entry["sources"][:sources_max]})
            for entry in entries if entry["key"] not in existing
        )


def unload(apps, schema_editor):
    apps.get_model("measures", "StandardMeasure").objects.filter(edited_at=None).exclude(key__startswith="ui-").delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
