"""Responses get a random UUID key instead of a sequential id (the id gave the order of arrival).

Nothing refers to a response, so the table is rebuilt: a new table with the UUID key, the rows
copied with fresh random keys (in no particular order), the old table dropped, the new one renamed.
This works the same on SQLite and PostgreSQL (an integer column cannot be cast to uuid in place)."""
import uuid

import django.db.models.deletion
from django.db import migrations, models


def copy_rows(apps, schema_editor):
    Old = apps.get_model("surveys", "Response")
    New = apps.get_model("surveys", "NewResponse")
    fields = ["round_id", "tool", "unit_id", "service_type_id", "language", "submitted_on", "answers", "demographics"]
    rows = list(Old.objects.values(*fields))
    import random

    random.SystemRandom().shuffle(rows)
    New.objects.bulk_create((New(id=uuid.uuid4(), **row) for row in rows), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("surveys", "0003_imported_rows"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewResponse",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("tool", models.CharField(choices=[("IIT", "IIT"), ("EIT", "EIT"), ("OIT", "OIT")], max_length=3)),
                ("language", models.CharField(blank=True, max_length=2)),
                ("submitted_on", models.DateField(help_text="Day precision only, on purpose")),
                ("answers", models.JSONField(default=dict, help_text="question code → option number (1-based); unanswered left out")),
                ("demographics", models.JSONField(default=dict, help_text="demographic code → option number")),
                ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="agencies.assessmentround")),
                ("service_type", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.servicetype")),
                ("unit", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.unit")),
            ],
        ),
        migrations.RunPython(copy_rows, migrations.RunPython.noop),
        migrations.DeleteModel(name="Response"),
        migrations.RenameModel(old_name="NewResponse", new_name="Response"),
        migrations.AlterField(
            model_name="response", name="round",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="responses", to="agencies.assessmentround"),
        ),
        migrations.AlterField(
            model_name="response", name="service_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="agencies.servicetype"),
        ),
        migrations.AlterField(
            model_name="response", name="unit",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to="agencies.unit"),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["round", "tool"], name="surveys_res_round_i_309236_idx"),
        ),
    ]
