"""Backups: the whole database and every uploaded file in one ZIP, restorable on SQLite or PostgreSQL.

The archive holds `manifest.json` (format, when, from which database, row counts per table),
`db.json` (every row of every table with its primary key, serialised by Django, so the copy is
exact on either database) and `media/…` (the files under MEDIA_ROOT).
A restore checks the whole archive first, then replaces the database in one transaction and the
media directory by a rename, so a bad archive changes nothing.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import zipfile
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path, PurePosixPath
from uuid import UUID
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction

FORMAT = "prongsai-backup/1"
SKIPPED = {"sessions.session"}  # live log-ins are not data worth restoring


class BackupError(Exception):
    pass


def _models():
    return [m for m in apps.get_models() if m._meta.label_lower not in SKIPPED and m._meta.managed]


def _sorted_models():
    return serializers.sort_dependencies([(c, None) for c in apps.get_app_configs()], allow_cycles=True)


def table_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def _exact(value):
    """JSON for the values Django's python serializer leaves as objects, without loss."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, timedelta):
        return str(value.total_seconds())
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def check_destination(out: Path) -> None:
    """BackupError unless `out` is a place for a new archive: not a folder, in a folder that
    exists, outside the uploaded files, and not a file that is something else (a tester's
    `--out` naming the SQLite database replaced the database with the archive)."""
    from prongsai.commands import output_problems

    media = Path(settings.MEDIA_ROOT).resolve()
    target = out.resolve()
    problems = output_problems(out)
    if problems:
        raise BackupError(problems[0].removeprefix("--out "))
    if target.is_relative_to(media):
        raise BackupError(f"{out}: is inside the uploaded files ({media}); keep backups elsewhere")
    if target.exists() and not _is_backup(target):
        raise BackupError(f"{out}: exists and is not a Prongsai backup (the database, a spreadsheet?); not overwritten")


def _is_backup(path: Path) -> bool:
    """A ZIP holding a Prongsai manifest (an XLSX or DOCX is a ZIP too)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("manifest.json")).get("format") == FORMAT
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def write_backup(out: Path) -> dict:
    """Write the archive to `out` (via a temporary file readable by its owner only, renamed at the
    end: it holds every password hash, API token and questionnaire); return the manifest."""
    check_destination(out)
    media = Path(settings.MEDIA_ROOT)
    manifest = {
        "format": FORMAT,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "tables": table_counts(),
        "files": [],
    }
    tmp = out.with_name(out.name + ".partial")
    try:
        handle = os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
    except OSError as exc:
        raise BackupError(f"{out}: cannot be written: {exc.strerror}") from None
    os.chmod(tmp, 0o600)  # also when a .partial of an interrupted run was there with other rights
    with handle, zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with transaction.atomic():  # one consistent snapshot of every table
            rows = []
            for model in _sorted_models():
                if model in _models():
                    rows.extend(model._default_manager.order_by("pk").iterator())
            # primary keys kept, and datetimes to the microsecond (Django's JSON serializer cuts them
            # to milliseconds): an exact copy
            data = json.dumps(serializers.serialize("python", rows), default=_exact, ensure_ascii=False)
        archive.writestr("db.json", data)
        if media.exists():
            for path in sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink()):
                name = path.relative_to(media).as_posix()
                archive.write(path, f"media/{name}")
                manifest["files"].append(name)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    tmp.replace(out)
    return manifest


def made_at(manifest: dict) -> str:
    """When a backup was made, in Bangkok time ("2026-12-07 01:17 Bangkok time"); the manifest keeps UTC."""
    try:
        made = datetime.fromisoformat(manifest["created"])
    except (KeyError, TypeError, ValueError):
        return "an unknown date"
    return made.astimezone(ZoneInfo("Asia/Bangkok")).strftime("%Y-%m-%d %H:%M Bangkok time")


def _read(path: Path) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path.name}: no such file") from None
    except zipfile.BadZipFile:
        raise BackupError(f"{path.name}: not a Prongsai backup (not a ZIP archive)") from None
    names = set(archive.namelist())
    if not {"manifest.json", "db.json"} <= names:
        raise BackupError(f"{path.name}: not a Prongsai backup (manifest.json or db.json missing)")
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except ValueError:
        raise BackupError(f"{path.name}: manifest.json is not valid JSON") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name}: unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
    for name in names:
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts:
            raise BackupError(f"{path.name}: unsafe path {name!r} in the archive")
    bad = archive.testzip()
    if bad:
        raise BackupError(f"{path.name}: {bad} is damaged")
    return archive, manifest


def restore_backup(path: Path, replace: bool = False) -> dict:
    """Replace the database and the media files with the archive's; all or nothing. A new, empty
    database is given its tables first (`migrate`, which leaves an up-to-date one as it is); one
    that holds agencies or users is replaced only when asked to (`replace`)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from prongsai.agencies.models import Agency

    archive, manifest = _read(path)
    tables = set(connection.introspection.table_names())  # asked before migrate: a refused restore changes nothing
    agencies = Agency.objects.count() if Agency._meta.db_table in tables else 0
    users = get_user_model().objects.count() if get_user_model()._meta.db_table in tables else 0
    if (agencies or users) and not replace:
        raise BackupError(f"the database holds {agencies} agencies and {users} users: restoring replaces all of it with "
                          f"the backup of {made_at(manifest)}; add --replace to do so")
    call_command("migrate", interactive=False, verbosity=0)
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media.parent))
    try:
        for name in manifest.get("files", []):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(f"media/{name}") as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        data = archive.read("db.json").decode("utf-8")
        with transaction.atomic():
            _flush()
            deferred = []
            try:  # saved as they are read, in dependency order, so natural keys resolve
                for obj in serializers.deserialize("python", json.loads(data), handle_forward_references=True):
                    obj.save()
                    if obj.deferred_fields:
                        deferred.append(obj)
                for obj in deferred:
                    obj.save_deferred_fields()
                # rows that point at rows not there fail at the commit, after this: checked now, named
                connection.check_constraints()
            except Exception as exc:  # a damaged db.json fails in many ways; each rolls back the same
                # one line: PostgreSQL's message has a DETAIL line (the key that points nowhere)
                raise BackupError(f"{path.name}: db.json cannot be loaded: {' '.join(str(exc).split())}") from None
            _reset_sequences()
            counts = table_counts()
            expected = {k: v for k, v in manifest["tables"].items() if k in counts}
            if {k: counts[k] for k in expected} != expected:
                raise BackupError(f"{path.name}: the restored row counts do not match the manifest")
        old = media.with_name(media.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if media.exists():
            media.rename(old)
        staging.rename(media)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _flush():
    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed]
    tables += [f.m2m_db_table() for m in apps.get_models() for f in m._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
    existing = set(connection.introspection.table_names())
    sql = connection.ops.sql_flush(no_style(), [t for t in tables if t in existing], reset_sequences=False, allow_cascade=True)
    connection.ops.execute_sql_flush(sql)


def _reset_sequences():
    sql = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
