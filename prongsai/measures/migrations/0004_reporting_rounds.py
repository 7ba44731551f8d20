"""Reporting rounds listed as they come due (6m before 12m), and the note with which the director
sends a progress report back before signing it."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_plan_approval_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(name="reportinground", options={"ordering": ["plan", "end", "start", "code"]}),
        migrations.AddField(model_name="reportinground", name="returned_note", field=models.TextField(blank=True)),
    ]
