"""The API's documentation page (Swagger UI) passes axe like every other page."""

from playwright.sync_api import expect


def test_api_docs_are_accessible(page, site_content, assert_accessible):
    response = page.goto("/api/docs/")
    assert response.status == 200
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    assert_accessible(page)
