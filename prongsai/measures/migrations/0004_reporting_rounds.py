"""Reporting rounds listed as they come due (6m before 12m), the note with which the director
sends a progress report back before signing it, and the name evidence files were uploaded under."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_plan_approval_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(name="reportinground", options={"ordering": ["plan", "end", "start", "code"]}),
        migrations.AddField(model_name="reportinground", name="returned_note", field=models.TextField(blank=True)),
        migrations.AddField(model_name="evidence", name="original_name", field=models.CharField(blank=True, max_length=200)),
    ]
