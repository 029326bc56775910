"""The Readership admin in a real browser: the chart has a text alternative, the same figures
are in tables, and axe finds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from readership.models import ReadCount, VisitorEstimate
from tests.browser.test_admin_home import sign_in_with_totp
from tests.campaigns.factories import CampaignFactory
from tests.factories import PageFactory, staff_user


@pytest.fixture
def counts(transactional_db):
    PageFactory(slug="safe-page", show_exit_button=True)
    CampaignFactory(title="Prisons campaign", slug="prisons")
    today = timezone.localdate()
    for days_ago in range(1, 8):
        day = today - timedelta(days=days_ago)
        ReadCount.objects.create(day=day, path="/about/", source="search", views=10 * days_ago)
        ReadCount.objects.create(
            day=day, path="/about/", source="other", referrer_host="news.example.org", views=3
        )
        ReadCount.objects.create(day=day, path="/safe-page/", source="direct", views=1)
        ReadCount.objects.create(day=day, path="/campaigns/prisons/", source="email", views=2)
        VisitorEstimate.objects.create(day=day, path="/about/", visitors=5 * days_ago)
        VisitorEstimate.objects.create(day=day, path="", visitors=6 * days_ago)
    return today


def test_the_readership_report_reads_without_a_chart(page, counts, assert_accessible):
    staff = staff_user(email="editor@example.org")
    sign_in_with_totp(page, staff.email)
    page.goto("/admin/readership/readcount/")
    expect(page.get_by_role("heading", name="Readership", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Bar chart of views per day")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="What was read")
    about = table.get_by_role("row").filter(has_text="/about/")
    expect(about).to_contain_text("301")  # 10 x (1+...+7) from search, 3 x 7 from elsewhere
    expect(about).to_contain_text("news.example.org: 21")
    expect(table.get_by_role("row").filter(has_text="/safe-page/")).to_contain_text("fewer than 10")
    assert_accessible(page)

    about.get_by_role("link", name="/about/").click()
    page.wait_for_url("**&path=/about/")
    expect(page.get_by_role("img", name="Bar chart of views per day of /about/")).to_be_visible()
    expect(page.get_by_role("table", name="Figures per day")).to_contain_text("73")
    assert_accessible(page)

    page.get_by_label("Figures by", exact=True).select_option("Campaign")
    page.get_by_label("Address (optional)").fill("")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("img", name="Bar chart of views by campaign")).to_be_visible()
    row = page.get_by_role("table", name="Figures by campaign").get_by_role("row")
    expect(row.filter(has_text="Prisons campaign")).to_contain_text("Email updates: 14")
    assert_accessible(page)


def test_choosing_not_to_be_counted_works_without_javascript(
    browser, live_server, page, site_content, assert_accessible
):
    page.goto("/privacy/counting/")
    assert_accessible(page)

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_script = context.new_page()
    no_script.goto("/privacy/")
    no_script.get_by_role("link", name="choose not to be counted on this browser").click()
    expect(no_script.get_by_role("status")).to_have_text(
        "Your visits are counted, as described above."
    )
    no_script.get_by_role("button", name="Do not count my visits").click()
    expect(no_script.get_by_role("status")).to_have_text(
        "You chose not to be counted on this browser: your visits are not counted."
    )
    [cookie] = [c for c in context.cookies() if c["name"] == "readership_opt_out"]
    assert (cookie["value"], cookie["sameSite"]) == ("1", "Lax")
    no_script.get_by_role("button", name="Count my visits again (remove the cookie)").click()
    expect(no_script.get_by_role("button", name="Do not count my visits")).to_be_visible()
    assert not [c for c in context.cookies() if c["name"] == "readership_opt_out"]
    context.close()
