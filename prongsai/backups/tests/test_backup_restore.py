"""Backup and restore round trip: every table and every file comes back exactly."""
import io
import re
import zipfile

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from prongsai.agencies.models import Agency
from prongsai.surveys.models import OptionCount

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list]:
    """Every row of every table, with its primary key, by table."""
    result = {}
    for model in apps.get_models():
        if model._meta.label_lower == "sessions.session":
            continue
        rows = model._default_manager.order_by("pk")
        result[model._meta.label_lower] = serializers.serialize("python", rows)
    return result


def files(root) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "2568").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2568" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (settings.MEDIA_ROOT / "oit.pdf").write_bytes(b"%PDF-1.7 ...")
    return settings.MEDIA_ROOT


def test_round_trip_restores_every_table_and_file(media, tmp_path, django_user_model):
    from prongsai.scoring.tests.fixture import FIXTURE_PATH
    from prongsai.surveys.published import import_published_report

    from prongsai.frameworks import site
    from prongsai.frameworks.tests.test_site_frameworks import next_years
    from prongsai.scoring import load_pack

    import_published_report(FIXTURE_PATH)
    django_user_model.objects.create_user("coordinator", password="x-very-long-password-1")
    site.add("bma-district-2569-bkk.yaml", next_years(), None)  # a site's own framework
    before_rows, before_files = snapshot(), files(media)
    archive = tmp_path / "backup.zip"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())

    # damage everything after the backup
    OptionCount.objects.filter(question="I1").delete()
    Agency.objects.create(code="X", name_th="ทดลอง")
    (media / "oit.pdf").write_bytes(b"changed")
    (media / "stray.txt").write_text("not in the backup")
    site.remove(site.SiteFramework.objects.get())

    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:  # a database holding data is replaced only when asked to
        call_command("restore", str(archive), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2 and "add --replace to do so" in err.getvalue()
    assert re.search(r"the backup of 20\d\d-\d\d-\d\d \d\d:\d\d Bangkok time", err.getvalue())  # not UTC ISO (a tester)
    assert Agency.objects.filter(code="X").exists()
    out = io.StringIO()
    call_command("restore", str(archive), "--replace", stdout=out)
    assert out.getvalue().rstrip().endswith("Bangkok time")
    assert snapshot() == before_rows
    assert files(media) == before_files
    assert load_pack("bma-district-2569-bkk").fiscal_years == [2569, 2570]
    Agency.objects.create(code="NEW", name_th="หน่วยงานใหม่")  # sequences continue past the restored keys


def test_a_bad_archive_changes_nothing(media, tmp_path):
    from prongsai.scoring.tests.fixture import FIXTURE_PATH
    from prongsai.surveys.published import import_published_report

    import_published_report(FIXTURE_PATH)
    before_rows, before_files = snapshot(), files(media)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("manifest.json", '{"format": "prongsai-backup/1", "tables": {}, "files": []}')
        z.writestr("db.json", '[{"model": "agencies.agency", "pk": 1, "fields": {"nonsense": true}}]')
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(bad), "--replace", stderr=err)  # replacing: still all or nothing
    assert exit_.value.code == 2
    assert err.getvalue().startswith("error: bad.zip: db.json cannot be loaded")
    assert snapshot() == before_rows and files(media) == before_files

    (tmp_path / "x.zip").write_bytes(b"plain text")
    with pytest.raises(SystemExit):
        call_command("restore", str(tmp_path / "x.zip"), stderr=io.StringIO())
    assert snapshot() == before_rows


def test_a_backup_whose_rows_do_not_fit_together_changes_nothing(media, tmp_path):
    """A tester's backup with a row pointing at a round not in it: a FOREIGN KEY traceback at the
    commit; now an error line naming the row, and the database as it was."""
    import json

    from prongsai.scoring.tests.fixture import FIXTURE_PATH
    from prongsai.surveys.published import import_published_report

    import_published_report(FIXTURE_PATH)
    good = tmp_path / "good.zip"
    call_command("backup", "--out", str(good), stdout=io.StringIO())
    with zipfile.ZipFile(good) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    rows = json.loads(parts["db.json"])
    count = next(r for r in rows if r["model"] == "surveys.optioncount")
    count["fields"]["round"] = 999999
    parts["db.json"] = json.dumps(rows).encode()
    bad = tmp_path / "broken.zip"
    with zipfile.ZipFile(bad, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    before = snapshot()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("restore", str(bad), "--replace", stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().startswith("error: broken.zip: db.json cannot be loaded") and "999999" in err.getvalue()
    assert err.getvalue().count("\n") == 1  # one error line, on PostgreSQL too (its message has a DETAIL line)
    assert snapshot() == before


def test_restore_into_a_new_data_directory_needs_no_migrate_first(tmp_path):
    """A tester restored into a new PRONGSAI_DATA_DIR and got 'no such table: django_content_type'
    (and an empty database file): restore now gives a new database its tables first."""
    import os
    import subprocess
    import sys

    def prongsai(data_dir, *args):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"PRONGSAI_DATA_DIR": str(data_dir)}
        return subprocess.run([sys.executable, "-m", "prongsai", *args], env=env, capture_output=True, text=True)

    assert prongsai(tmp_path / "old", "migrate", "--noinput").returncode == 0
    assert prongsai(tmp_path / "old", "backup", "--out", str(tmp_path / "b.zip")).returncode == 0
    restored = prongsai(tmp_path / "new", "restore", str(tmp_path / "b.zip"))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("restored ") and (tmp_path / "new" / "prongsai.sqlite3").stat().st_size > 0


def test_a_backup_goes_only_where_it_harms_nothing_and_only_its_owner_reads_it(media, tmp_path, settings):
    """A tester's `backup --out` naming the SQLite database replaced the database with the archive;
    another's backup (every password hash and API token) was readable by every user."""
    import os
    import stat

    database = tmp_path / "prongsai.sqlite3"
    database.write_bytes(b"SQLite format 3\x00 not really")
    spreadsheet = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(spreadsheet, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
    cases = {
        str(database): "exists and is not a Prongsai backup",
        str(spreadsheet): "exists and is not a Prongsai backup",  # an XLSX is a ZIP too
        str(tmp_path): "is a folder",
        str(tmp_path / "missing" / "b.zip"): "does not exist",
        str(media / "b.zip"): "is inside the uploaded files",
    }
    for out, problem in cases.items():
        err = io.StringIO()
        with pytest.raises(SystemExit) as exited:
            call_command("backup", "--out", out, stdout=io.StringIO(), stderr=err)
        assert exited.value.code == 2 and problem in err.getvalue(), (out, err.getvalue())
    assert database.read_bytes() == b"SQLite format 3\x00 not really"
    archive = tmp_path / "b.zip"
    call_command("backup", "--out", str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600
    call_command("backup", "--out", str(archive), stdout=io.StringIO())  # an earlier backup is replaced
    assert zipfile.is_zipfile(archive)
