"""The standard measure library: loading is idempotent, keeps UI edits, and covers every target."""
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from prongsai.measures.library import library_path, load_library, proposals, read_library, target_for, targets
from prongsai.measures.models import StandardMeasure
from prongsai.scoring import load_pack


def test_at_least_three_measures_for_every_question_and_sub_indicator():
    framework, entries = read_library(library_path("bma-district-2567"))
    per_target = Counter(e["target"] for e in entries)
    pack = load_pack(framework)
    assert set(per_target) == set(targets(pack))
    assert len(targets(pack)) == 18 + 7
    assert min(per_target.values()) >= 3
    assert all(e["activities_th"] and e["title_th"] for e in entries)


@pytest.mark.django_db
def test_load_measures_command_is_idempotent_and_keeps_edits():
    StandardMeasure.objects.all().delete()  # the data migration loaded them; start empty
    out = io.StringIO()
    call_command("load_measures", stdout=out)
    total = StandardMeasure.objects.count()
    assert total == len(read_library(library_path("bma-district-2567"))[1]) >= 75
    assert f"{total} created" in out.getvalue()
    out = io.StringIO()
    call_command("load_measures", stdout=out)
    assert "0 created, 0 updated, 0 kept" in out.getvalue()
    edited = StandardMeasure.objects.get(framework="bma-district-2567", key="I1-1")
    edited.title_th = "แก้ไขโดยส่วนกลาง"
    edited.edited_at = timezone.now()
    edited.save()
    StandardMeasure.objects.filter(key="I2-1").update(title_th="changed behind our back")
    result = load_library(library_path("bma-district-2567"))
    assert (result.created, result.updated, result.kept) == (0, 1, 1)
    assert StandardMeasure.objects.count() == total
    assert StandardMeasure.objects.get(key="I1-1").title_th == "แก้ไขโดยส่วนกลาง"
    assert StandardMeasure.objects.get(key="I2-1").title_th != "changed behind our back"
    load_library(library_path("bma-district-2567"), force=True)
    assert StandardMeasure.objects.get(key="I1-1").title_th != "แก้ไขโดยส่วนกลาง"


@pytest.mark.django_db
def test_the_data_migration_loads_the_library_once():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("prongsai.measures.migrations.0002_load_standard_library")
    StandardMeasure.objects.all().delete()
    migration.load(apps, None)
    migration.load(apps, None)
    assert StandardMeasure.objects.filter(framework="bma-district-2567").count() == 126
    result = load_library(library_path("bma-district-2567"))
    assert (result.created, result.updated) == (0, 0)  # the command sees the same keys


@pytest.mark.django_db
def test_bad_library_file_exits_2_naming_the_entry(tmp_path, capsys):
    StandardMeasure.objects.all().delete()
    bad = tmp_path / "bad.yaml"
    bad.write_text("framework: bma-district-2567\nmeasures:\n  - target: I99\n    title: {th: x}\n    activities_th: y\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        call_command("load_measures", str(bad))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "error: bad.yaml: measures.0.target: 'I99'" in err
    assert StandardMeasure.objects.count() == 0


@pytest.mark.django_db
def test_sources_are_named_by_their_documents_not_their_file_numbers(client, tmp_path):
    """"ที่มา: 000,001,003" meant nothing to a district coordinator (a tester)."""
    import yaml
    from django.contrib.auth.models import User
    from django.urls import reverse

    raw = yaml.safe_load(library_path("bma-district-2567").read_text(encoding="utf-8"))
    named = raw["source_documents"]
    _framework, entries = read_library(library_path("bma-district-2567"))
    first = raw["measures"][0]
    assert entries[0]["sources"] == ", ".join(named[s] for s in first["sources"])
    call_command("load_measures", stdout=io.StringIO())
    client.force_login(User.objects.create_user("reader", is_staff=True))
    page = client.get(reverse("measures:library") + f"?framework=bma-district-2567&target={first['target']}").content.decode()
    assert f"ที่มา: {entries[0]['sources']}" in page and "เขตหลักสี่ (2568)" in page and "000," not in page
    # a list of sources longer than the library keeps is refused, named, not cut
    raw["measures"] = [dict(first, sources=["000", "001", "002", "003", "004"] * 3)]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        read_library(bad)
    assert refused.value.args[0] == [f"bad.yaml: measures.0.sources: {', '.join([*named.values()] * 3)!r} is longer than 255 characters"]


@pytest.mark.django_db
def test_an_oit_item_proposes_its_sub_indicators_measures():
    call_command("load_measures", stdout=io.StringIO())
    pack = load_pack("bma-district-2567")
    assert target_for(pack, "O10") == "9.2" and target_for(pack, "E4") == "E4"
    assert {m.target for m, _ in proposals("bma-district-2567", pack, "O10")} == {"9.2"}
    assert len(proposals("bma-district-2567", pack, "O22")) >= 3
    # an OIT item's own measures first, and only they ticked (9.3 also holds O13's and O14's)
    o15 = proposals("bma-district-2567", pack, "O15")
    ticked = [m for m, t in o15 if t]
    assert ticked and all("O15" in f"{m.title_en} {m.title_th} {m.activities_th}" for m in ticked)
    assert [t for _, t in o15] == sorted((t for _, t in o15), reverse=True)  # ticked ones first
    assert not any("O13" in m.title_en or "O14" in m.title_en for m in ticked)
    e1 = proposals("bma-district-2567", pack, "E1")  # a question: the first three ticked
    assert [t for _, t in e1][:4] == [True, True, True, False][:len(e1)]


def test_library_texts_lose_the_files_line_wrapping_but_keep_their_own_items():
    """A tester's PDF broke "…(BMA OSS)⏎แก่เจ้าหน้าที่…" where the YAML file wrapped the line."""
    from prongsai.measures.library import LIBRARY_DIR, read_library, unwrap

    assert unwrap("จัดอบรม (BMA OSS)\nแก่เจ้าหน้าที่ผู้เกี่ยวข้อง") == "จัดอบรม (BMA OSS) แก่เจ้าหน้าที่ผู้เกี่ยวข้อง"
    assert unwrap("1. ประชุมชี้แจง\n2. อบรม\nต่อเนื่องทุกเดือน\n- ข้อย่อย\n(3) ข้อสาม\n๔. ข้อสี่") == (
        "1. ประชุมชี้แจง\n2. อบรม ต่อเนื่องทุกเดือน\n- ข้อย่อย\n(3) ข้อสาม\n๔. ข้อสี่")
    _framework, entries = read_library(LIBRARY_DIR / "bma-district-2567.yaml")
    e6 = next(e for e in entries if e["title_th"].startswith("อบรมเจ้าหน้าที่ให้ใช้งานระบบ e-Service"))
    assert "(BMA OSS) แก่เจ้าหน้าที่ผู้เกี่ยวข้อง" in e6["activities_th"] and "\n" not in e6["activities_th"]
    numbered = [e for e in entries if "\n2. " in e["activities_th"]]
    assert numbered  # the library's own numbered steps stay on their lines


@pytest.mark.django_db
def test_load_measures_names_a_folder_instead_of_a_traceback(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("load_measures", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2 and f"error: {tmp_path.name}: cannot be read: Is a directory" in err.getvalue()


@pytest.mark.django_db
def test_a_partial_library_file_does_not_overwrite_the_measures_it_lacks(tmp_path):
    """A tester's file with one new I1 measure 'updated' the library's first I1 measure."""
    path = tmp_path / "one.yaml"
    path.write_text('framework: bma-district-2567\nmeasures:\n  - target: I1\n    title: {th: "มาตรการใหม่"}\n'
                    '    activities_th: "ทำสิ่งใหม่"\n', encoding="utf-8")
    before = StandardMeasure.objects.get(framework="bma-district-2567", key="I1-1").title_th
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("load_measures", str(path), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2 and "has fewer measures than the loaded bma-district-2567 library" in err.getvalue()
    assert "I1: 1 measure(s) in the file, " in err.getvalue()
    assert StandardMeasure.objects.get(framework="bma-district-2567", key="I1-1").title_th == before
