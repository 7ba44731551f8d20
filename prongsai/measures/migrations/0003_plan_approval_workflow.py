"""The plan's approval workflow: the coordinator sends the plan (submitted_at), the director sends
it back with a note or approves it; the director signs off each reporting round's progress
report; the approver's name is kept as it was at the approval."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def freeze_names(apps, schema_editor):
    """Plans approved before this migration: the approver's name as it is now."""
    for obj in apps.get_model("measures", "Plan").objects.filter(approved_at__isnull=False).select_related("approved_by"):
        user = obj.approved_by
        if user is not None:
            obj.approved_name = f"{user.first_name} {user.last_name}".strip() or user.username
            obj.save(update_fields=["approved_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_load_standard_library"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name="plan", name="submitted_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="plan", name="returned_note", field=models.TextField(blank=True)),
        migrations.AddField(model_name="plan", name="approved_name", field=models.CharField(blank=True, max_length=300)),
        migrations.AddField(model_name="reportinground", name="approved_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(
            model_name="reportinground", name="approved_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(model_name="reportinground", name="approved_name", field=models.CharField(blank=True, max_length=300)),
        migrations.RunPython(freeze_names, migrations.RunPython.noop),
    ]
