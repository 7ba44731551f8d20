"""Uploaded evidence files go with their Evidence row, however it is deleted (one by one, or
with its measure, plan or reporting round) — once the deletion is committed."""
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Evidence


@receiver(post_delete, sender=Evidence)
def delete_files(sender, instance: Evidence, **kwargs):
    files = [(f.storage, f.name) for f in (instance.file, instance.thumbnail) if f]

    def remove():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)
