"""A resident submits a demand with a photo, a moderator forwards it, department staff answer,
the resident rates it — each in a real browser, the staff in the Wagtail admin."""

import io
import re

import pytest
from PIL import Image

from tests.e2e.conftest import choose_grid, describe_violations

pytestmark = pytest.mark.e2e


def jpeg_with_gps(path):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 40, 40)).save(buf, format="JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def test_demand_from_submission_to_rating(page, browser, live_server, live_url, login, seeded_site, department_staff,
                                          tmp_path, axe):
    from django.core.cache import cache

    from engagement.demands.models import Demand

    cache.clear()
    resident, moderator = seeded_site.resident, seeded_site.moderator

    # 1. The resident submits a demand with a photo.
    login(page, resident)
    page.goto(live_url("/demands/new/"))
    violations = axe(page)
    assert not violations, describe_violations(violations)
    page.select_option("select[name=topic]", str(seeded_site.topic.pk))
    choose_grid(page, seeded_site.grid)
    page.select_option("select[name=kind]", "complaint")
    page.fill("input[name=title]", "北门消防通道被占用")
    page.fill("textarea[name=description]", "每天晚上七点以后，北门消防通道被私家车占用。")
    page.set_input_files("input[name=photos]", str(jpeg_with_gps(tmp_path / "door.jpg")))
    page.fill("input[name=contact_phone]", "13912345678")
    page.check("input[name=privacy_consent]")
    page.locator("form.demand-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/demands/GZ-\d{4}-\d{6}/$"))
    demand = Demand.objects.get(title="北门消防通道被占用")
    assert demand.tracking_number in page.locator(".messages").inner_text()
    assert page.locator(".demand__photos img").count() == 1
    assert "13912345678" not in page.content()

    # 2. A moderator forwards it from the triage inbox to the suggested department.
    staff_context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    staff_page = staff_context.new_page()
    login(staff_page, moderator)
    staff_page.goto(live_url("/admin/demands/triage/"))
    staff_page.locator(f"tr[data-demand='{demand.tracking_number}'] a.button").click()
    staff_page.locator("form[action$='/forward/'] button[type=submit]").click()
    staff_page.wait_for_url(re.compile(r"/admin/demands/triage/$"))
    demand.refresh_from_db()
    assert demand.status == "forwarded" and demand.department == seeded_site.department
    staff_context.close()

    # 3. Department staff accept and answer it in their workspace.
    staff_context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    staff_page = staff_context.new_page()
    login(staff_page, department_staff)
    staff_page.goto(live_url("/admin/demands/workspace/"))
    staff_page.locator(f"tr[data-demand='{demand.tracking_number}'] a.button").click()
    staff_page.locator("form[action$='/accept/'] button[type=submit]").click()
    staff_page.wait_for_load_state()
    staff_page.fill("form[action$='/answer/'] textarea[name=text]", "已在北门加装隔离桩，并安排每晚巡查。")
    staff_page.locator("form[action$='/answer/'] button[type=submit]").click()
    staff_page.wait_for_load_state()
    demand.refresh_from_db()
    assert demand.status == "answered"
    staff_context.close()

    # 4. The resident reads the answer and rates it.
    page.goto(live_url(demand.get_absolute_url()))
    assert "已在北门加装隔离桩" in page.locator(".demand__answer").inner_text()
    page.locator(".demand__rate input[value=satisfied]").check()
    page.locator(".demand__rate button[type=submit]").click()
    page.wait_for_load_state()
    demand.refresh_from_db()
    assert demand.status == "closed"
    assert page.locator(".demand__rating").count() == 1
    violations = axe(page)
    assert not violations, describe_violations(violations)
