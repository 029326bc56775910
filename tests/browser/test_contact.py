"""The contact form in a real browser: accessible at every step, works without JavaScript,
and its error summary takes the visitor to each field in error."""

import pytest

from contact.models import ContactMessage


@pytest.fixture(autouse=True)
def no_minimum_fill_time(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0


def fill_in(page):
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Your email address").fill("ada@example.org")
    page.get_by_label("Joining the Restorative Expert Group").check()
    page.get_by_label("Your message").fill("I would like to join the expert group.")
    page.get_by_label("Email, but do not mention details of my message").check()


def test_the_empty_form_is_accessible(page, site_content, assert_accessible):
    response = page.goto("/contact/")
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Contact us"
    assert_accessible(page)


def test_the_form_with_errors_is_accessible_and_the_summary_has_focus(
    page, site_content, assert_accessible
):
    page.goto("/contact/")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("link", "field_id"),
    [("Enter your name", "id_name"), ("Enter your message", "id_message")],
)
def test_error_summary_links_move_focus_to_the_field(page, site_content, link, field_id):
    page.goto("/contact/")
    page.get_by_role("button", name="Send message").click()
    page.get_by_role("link", name=link).click()
    assert page.evaluate("document.activeElement.id") == field_id


def test_the_expert_group_link_preselects_the_subject(page, site_content):
    page.goto("/")
    page.get_by_role("link", name="tell us about yourself").click()
    assert page.get_by_label("Joining the Restorative Expert Group").is_checked()


def test_sending_a_message_shows_what_happens_next(page, site_content, assert_accessible):
    page.goto("/contact/?subject=expert-group")
    fill_in(page)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/contact/thank-you/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your message"
    assert page.get_by_role("heading", name="What happens next").is_visible()
    assert_accessible(page)
    message = ContactMessage.objects.get(form_nonce__isnull=False, name="Ada Lovelace")
    assert message.subject == ContactMessage.Subject.EXPERT_GROUP
    assert message.contact_preference == ContactMessage.ContactPreference.EMAIL_NO_DETAILS


def test_the_form_works_without_javascript(browser, live_server, site_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/contact/")
    page.get_by_role("button", name="Send message").click()
    assert "There is a problem" in page.get_by_role("alert").inner_text()
    fill_in(page)
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/contact/thank-you/")
    assert ContactMessage.objects.filter(name="Ada Lovelace").count() == 1
    context.close()
