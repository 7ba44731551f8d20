"""Central measures in a real browser: the navigation shows each role its parts, a coordinator
records a result on a phone without sideways scrolling."""
import os

import pytest
from django.test import Client
from playwright.sync_api import expect

from prongsai.central import measures as central_measures
from prongsai.central.models import CentralMeasure
from prongsai.people import roles
from prongsai.people.tests.factories import agency, user

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("PRONGSAI_SCREENSHOTS", "/tmp")


def _page(browser, live_server, who, **viewport):
    c = Client()
    c.force_login(who)
    context = browser.new_context(viewport=viewport or {"width": 1200, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def test_a_coordinator_records_a_result_on_a_phone(live_server, browser):
    a = agency("900001", "สำนักงานเขตพระนคร")
    m = central_measures.save_measure(None, CentralMeasure(
        fiscal_year=2565, issue="๑) การปฏิบัติหน้าที่", steps="๓. มีการจัดระบบคิว โดยใช้แอปพลิเคชัน",
        responsible="ทุกหน่วยงานและส่วนราชการในสังกัดสำนักปลัดกรุงเทพมหานคร"))
    central_measures.assign(None, m, [a])
    coordinator = user("coord", roles.COORDINATOR, a)
    page = _page(browser, live_server, coordinator, width=390, height=844)
    page.goto(f"{live_server.url}/central/measures/")
    nav = page.locator(".main-nav")
    expect(nav).to_contain_text("มาตรการส่วนกลาง")
    expect(nav).to_contain_text("นำเข้าข้อมูลแบบวัด")  # a coordinator imports their agency's responses
    page.get_by_role("link", name="๓. มีการจัดระบบคิว").click()
    page.fill("textarea[name=result]", "ฝ่ายทะเบียนจัดคิวด้วยแอปพลิเคชัน BMA Q")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("body")).to_contain_text("บันทึกผลการดำเนินการแล้ว")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(SHOTS, "central-answer-phone.png"), full_page=True)
    assert m.assignments.get().result == "ฝ่ายทะเบียนจัดคิวด้วยแอปพลิเคชัน BMA Q"
    page.context.close()

    central = user("central", roles.CENTRAL)
    page = _page(browser, live_server, central)
    page.goto(f"{live_server.url}/central/measures/")
    expect(page.locator("table.data")).to_contain_text("1 / 1")
    page.screenshot(path=os.path.join(SHOTS, "central-measures.png"), full_page=True)
    page.context.close()

    unit = user("unit", roles.UNIT_STAFF, a, a.units.first())
    page = _page(browser, live_server, unit)
    page.goto(f"{live_server.url}/")
    expect(page.locator(".main-nav")).to_contain_text("แผนมาตรการ")
    assert "มาตรการส่วนกลาง" not in page.locator(".main-nav").inner_text()
    assert "นำเข้าข้อมูลแบบวัด" not in page.locator(".main-nav").inner_text()
    page.context.close()


def test_the_central_office_finds_agencies_to_assign_by_name(live_server, browser):
    """Fifty boxes and no way to find one (a tester): a search box shows the agencies whose name holds
    what is typed, and a button ticks those shown."""
    for code, name in [("900001", "สำนักงานเขตพระนคร"), ("900002", "สำนักงานเขตดุสิต"), ("900003", "สำนักงานเขตหนองจอก"),
                       ("900004", "สำนักงานเขตหนองแขม")]:
        agency(code, name)
    page = _page(browser, live_server, user("central", roles.CENTRAL))
    page.goto(f"{live_server.url}/central/measures/new/")
    page.fill("[name=fiscal_year]", "2568")
    page.fill("[name=issue]", "การปฏิบัติหน้าที่")
    page.fill("[name=steps]", "จัดระบบคิว")
    page.fill("[name=responsible]", "ทุกสำนักงานเขต")
    find = page.get_by_label("ค้นหาหน่วยงาน")
    find.fill("หนอง")
    expect(page.locator("#id_a-agencies label:visible")).to_have_count(2)
    find.press("Enter")  # the search, not the form's save
    assert "/new/" in page.url and not CentralMeasure.objects.exists()
    page.get_by_role("button", name="ทำเครื่องหมายทุกหน่วยงานที่แสดงอยู่").click()
    find.fill("ดุสิต")  # the two ticked are hidden now: the count says so (a tester)
    expect(page.locator("[data-ticked-count]")).to_have_text("ทำเครื่องหมายแล้ว 2 หน่วยงาน (รวมที่ซ่อนอยู่)")
    find.fill("ไม่มีเขตนี้")
    expect(page.locator("[data-none-found]")).to_be_visible()
    find.fill("")
    assert page.locator("#id_a-agencies input:checked").count() == 2
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("body")).to_contain_text("จัดระบบคิว")
    m = CentralMeasure.objects.get()
    assert sorted(a.agency.name_th for a in m.assignments.all()) == ["สำนักงานเขตหนองจอก", "สำนักงานเขตหนองแขม"]
    page.context.close()
