"""The round's score breakdown page, in Thai first and in English."""
import re

import pytest
from django.urls import reverse

from prongsai.scoring.tests.fixture import laksi

pytestmark = pytest.mark.django_db


def test_home_shows_an_empty_state_without_rounds(admin_client):
    page = admin_client.get("/").content.decode()
    assert "ยังไม่มีรอบการประเมิน" in page
    assert "prongsai demo" in page


def test_home_lists_the_round_with_its_ita_and_level(admin_client, laksi_round):
    page = admin_client.get("/").content.decode()
    assert "สำนักงานเขตหลักสี่" in page
    assert "83.39" in page and "ต้องปรับปรุง" in page
    assert reverse("reports:round", args=[laksi_round.pk]) in page


def test_round_page_shows_the_full_breakdown_in_thai(admin_client, laksi_round):
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    doc = laksi()
    assert '<html lang="th">' in page
    assert f'<span title="{laksi_round.framework}">{laksi_round.pack.name.th}</span>' in page  # named, not coded
    for figure in ("83.39", "94.70", "88.25", "71.25", "28.41", "26.48", "28.50", "85.08"):
        assert figure in page, figure
    assert "ต้องปรับปรุง" in page and "ผ่านดีเยี่ยม" in page  # the level and the rules
    for q in doc["questions"]["IIT"] + doc["questions"]["EIT"]:
        assert q["text_th"] in page, q["code"]  # named as the official report names them (E3 in one line)
    assert "89.64" in page  # the EIT counts mismatch is shown, not hidden
    assert "ข้อมูลสถิติการจัดเก็บรายได้" in page  # O10, failed


def test_round_page_in_english(admin_client, laksi_round):
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    assert '<html lang="en">' in page
    assert "Lak Si District Office" in page
    assert "Needs improvement" in page and "Weighted part" in page


def test_unknown_round_is_404(admin_client):
    assert admin_client.get("/rounds/999999/").status_code == 404


def test_home_paginates(admin_client, db):
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack

    pack = load_pack("bma-district-2567")
    for n in range(30):
        ensure_round(ensure_agency(f"A{n:03d}", pack, f"หน่วยงาน {n}"), 2567)
    first = admin_client.get("/").content.decode()
    assert "หน้า 1 จาก 2" in first
    second = admin_client.get("/?page=2").content.decode()
    assert "A029" not in second and "หน่วยงาน 29" in second


def test_thai_is_the_default_even_for_an_english_browser(admin_client, laksi_round):
    page = admin_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="th">' in page and "รอบการประเมิน" in page


def test_engine_warnings_are_said_in_thai(admin_client, laksi_round):
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    assert "E1: คะแนนที่คำนวณจากจำนวนคำตอบได้ 89.64 แต่คะแนนตามรายงานคือ 87.91" in page
    # beside the scores, only where the counts give another figure than the report (each one warned of)
    notes = re.findall(r'<span class="help">คำนวณจากจำนวนคำตอบได้ ([\d.]+)</span>', page)
    warned = re.findall(r"คะแนนที่คำนวณจากจำนวนคำตอบได้ ([\d.]+) แต่คะแนนตามรายงานคือ", page)
    assert "89.64" in notes and sorted(notes) == sorted(warned)


def test_the_language_switch_names_each_language_in_itself(client, db):
    page = client.get("/people/login/").content.decode()
    # short on the button (the central office's menu fits 1280 px on one line), whole for a screen reader
    assert 'title="ภาษาไทย" aria-label="ภาษาไทย" aria-current="true">ไทย</button>' in page
    assert 'title="English" aria-label="English">EN</button>' in page


def test_the_respondents_languages_are_named_in_thai_on_the_round_page(admin_client, laksi_round):
    """A Thai reviewer read "English", "中文" and "မြန်မာ" in a Thai staff table: there they are ภาษาอังกฤษ …
    (the public questionnaire and its poster still name each language in itself)."""
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    assert "<td>ภาษาไทย</td>" in page and "<td>ไทย</td>" not in page


def test_a_round_with_oit_items_still_to_assess_is_marked_provisional_wherever_its_level_shows(admin_client, laksi_round):
    """A tester gave one OIT verdict in a new round and saw a final-looking ITA and level on the home
    page and the city dashboard; the engine scores an item without a verdict 0 until it is assessed."""
    from prongsai.oit.models import Disclosure

    pages = ["/", reverse("reports:round", args=[laksi_round.pk]), "/central/2567/",
             reverse("central:agency", args=[laksi_round.agency.pk]), reverse("measures:analysis", args=[laksi_round.pk]),
             reverse("oit:assess", args=[laksi_round.pk]), reverse("oit:readiness", args=[laksi_round.pk])]
    for url in pages:  # every item has its verdict: final
        assert "ผลเบื้องต้น" not in admin_client.get(url).content.decode(), url
    Disclosure.objects.filter(round=laksi_round, item__in=["O2", "O3"]).update(score=None)
    for url in pages:
        page = admin_client.get(url).content.decode()
        assert '<span class="tag" title="OIT: ยังไม่มีผลการตรวจข้อ O2, O3 จึงนับเป็น 0 คะแนน">ผลเบื้องต้น</span>' in page, url
    page = admin_client.get(pages[1]).content.decode()
    assert "ผลเบื้องต้น: คะแนน ITA และระดับผลการประเมินอาจเปลี่ยนแปลงเมื่อประเมินข้อ OIT ที่เหลือแล้ว" in page


def test_the_round_page_says_what_each_better_level_takes(admin_client, laksi_round):
    """Lak Si 2567 (ต้องปรับปรุง): ผ่าน needs the ITA, ผ่านดี the ITA and OIT ≥ 85 as well, ผ่านดีเยี่ยม every
    tool ≥ 95; the figures worked out here from the published report."""
    from decimal import Decimal

    published = laksi()["published"]
    ita, tools = Decimal(str(published["ita_total_derived"])), {k: Decimal(str(v)) for k, v in published["tools"].items()}
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    for level, floor in (("ผ่าน", 85), ("ผ่านดี", 85), ("ผ่านดีเยี่ยม", 95)):
        block = page.split(f"สิ่งที่ต้องทำเพิ่มเพื่อให้ได้ระดับ {level}:")[1].split("</ul>")[0]
        assert f"คะแนน ITA ต้องเพิ่มอีก {Decimal(floor) - ita:.2f} คะแนน" in block, level
        short = [t for t in ("IIT", "EIT", "OIT") if tools[t] < floor] if level != "ผ่าน" else []
        for tool in short:
            assert f"{tool} ต้องได้อย่างน้อย {floor}.00 (ขาดอีก {Decimal(floor) - tools[tool]:.2f})" in block, (level, tool)
        assert block.count("ต้องได้อย่างน้อย") == len(short), level


def test_a_question_read_line_by_line_is_named_in_one_line_its_lines_on_request(admin_client, laksi_round):
    """E3's text is six lines of some 900 characters, one per service type: the results page names it
    by its title (the official report's name) and folds the lines away; the what-if page names it only."""
    e3 = laksi_round.pack.question("E3")
    assert len(e3.text.th) > 240 and e3.title
    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    lines = "<br>".join(e3.text.th.splitlines())
    assert f'{e3.title.th}<details class="long-text"><summary>ข้อคำถามฉบับเต็ม</summary>{lines}</details>' in page
    whatif = admin_client.get(reverse("measures:whatif", args=[laksi_round.pk])).content.decode()
    assert e3.title.th in whatif and e3.text.th.splitlines()[1] not in whatif


def test_a_long_question_without_a_title_is_shortened_with_the_whole_on_request():
    """A site's own framework may have a long question and no title: 110 characters, the rest folded."""
    from django.template.loader import render_to_string

    text = "ข้อคำถามยาว " * 30
    html = render_to_string("_long_text.html", {"text": text})
    assert html.startswith(text[:109]) and f"<summary>ข้อคำถามฉบับเต็ม</summary>{text}</details>" in html
    assert render_to_string("_long_text.html", {"text": "สั้น"}).strip() == "สั้น"


def test_the_published_column_shows_where_a_published_report_gave_figures(admin_client, laksi_round):
    """A tester read a column of dashes headed "ตามรายงาน" on every synthetic round, unexplained."""
    from prongsai.agencies.services import ensure_agency, ensure_round
    from prongsai.scoring import load_pack

    page = admin_client.get(reverse("reports:round", args=[laksi_round.pk])).content.decode()
    assert '<th class="num">ตามรายงาน</th>' in page and "ตามรายงาน: คะแนนตามรายงานผลอย่างเป็นทางการที่นำเข้าไว้" in page
    pack = load_pack("bma-district-2567")
    collected = ensure_round(ensure_agency("A001", pack, "หน่วยงานทดสอบ"), 2567)
    page = admin_client.get(reverse("reports:round", args=[collected.pk])).content.decode()
    assert "ตามรายงาน</th>" not in page and "ตามรายงาน: คะแนน" not in page
