"""Every admin page staff use, in a real browser: for each model registered with the admin site
(found from its registry, so a new one is walked without being named here), its list, its add
form and a change form with the inlines filled, each also with errors, its history and its
delete page; and the editorial pages (compare, side-by-side preview, review links, the
publishing calendar as a month and as a list, the site-wide audit trail); at 1280 px and at
390 px. axe-core (every rule on) finds nothing, and nothing
scrolls sideways: neither the page nor a table in its box."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cja_site.models import User
from contact.services import contact_message_submit
from formats.services import format_request_submit
from publications.models import Attachment, Publication
from publishing.models import Redirect
from publishing.review import item_delete, revision_publish
from publishing.review_links import review_link_create
from publishing.revisions import live_data, revision_record_current, revision_save
from readership.models import ReadCount
from tests.browser.test_admin_home import sign_in_with_totp
from tests.factories import staff_user

WIDTHS = [1280, 390]
# From this width no table may be wider than its box. Narrower, a data table may scroll in its
# own box (WCAG 1.4.10 exempts data tables from reflow) but the page itself must not.
WIDE = 1280
SUPERUSER = "walker@example.org"


HOME = "home"


def registered_models() -> list[str]:
    """The admin home, then every registered model by its label ("publications.publication")."""
    return [HOME, *sorted(model._meta.label_lower for model in admin.site._registry)]


def examples_beyond_the_demo_content() -> None:
    """Rows of the models the demo content has none of, made the way the site makes them."""
    Group.objects.create(name="Editors")
    Redirect.objects.create(old_path="/old-address/", new_path="/publications/")
    contact_message_submit(
        name="Ada Lovelace",
        email="ada@example.org",
        subject="general",
        message="Could someone call me back about a meeting?",
        contact_preference="email",
        form_nonce="walk-contact",
    )
    format_request_submit(
        document=Attachment.objects.order_by("pk").first(),
        format="large-print",
        other_format="",
        email="grace@example.org",
        name="Grace Hopper",
        needed_by=None,
        form_nonce="walk-format",
    )
    review_link_create(
        item=Publication.objects.order_by("pk").first(),
        shared_with="Legal adviser, Smith & Co",
        created_by=User.objects.filter(is_superuser=True).first(),
    )
    # What the nightly rollup stores (it reads Redis, which the walk does not need).
    ReadCount.objects.create(
        day=timezone.localdate(), path="/publications/", source="direct", views=12, downloads=3
    )


# Finds what makes the page scroll sideways: the page itself, or a table wider than its box.
SIDEWAYS = """(tablesMustFit) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  }
  for (const table of tablesMustFit ? document.querySelectorAll("table") : []) {
    if (!table.checkVisibility()) continue;
    const box = table.parentElement;
    if (table.offsetWidth > box.clientWidth + 1) {
      const name = table.id || table.closest("[id]")?.id || "a table";
      problems.push(`${name} is ${table.offsetWidth}px wide in a ${box.clientWidth}px box`);
    }
  }
  return problems;
}"""


class Walk:
    """Checks each state of a page at every width and keeps what it finds."""

    def __init__(self, page, axe_report):
        self.page = page
        self.axe_report = axe_report
        self.problems: list[str] = []
        self.pages_checked = 0

    def check(self, state: str) -> None:
        page = self.page
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_function(f"window.innerWidth === {width}")
            where = f"{state} at {width}px ({page.url})"
            report = self.axe_report(page)
            if report:
                self.problems.append(f"axe on {where}:\n{report}")
            for problem in page.evaluate(SIDEWAYS, width >= WIDE):
                self.problems.append(f"sideways scroll on {where}: {problem}")
            self.pages_checked += 1
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    def visit(self, url: str, state: str) -> None:
        response = self.page.goto(url)
        if not response.ok:
            self.problems.append(f"{state}: {url} answered {response.status}")
            return
        self.check(state)


def superuser_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def foreign_key_to(parent: type[models.Model], inline) -> str:
    if inline.fk_name:
        return inline.fk_name
    return next(
        field.name
        for field in inline.model._meta.fields
        if isinstance(field, models.ForeignKey) and issubclass(parent, field.related_model)
    )


def fullest_object(model_admin, request):
    """The object whose change form shows the most inline rows (or any, without inlines)."""
    objects = list(model_admin.get_queryset(request).order_by("pk")[:100])
    inlines = model_admin.get_inline_instances(request)

    def rows(obj):
        return sum(
            inline.model._default_manager.filter(
                **{foreign_key_to(model_admin.model, inline): obj}
            ).count()
            for inline in inlines
        )

    return max(objects, key=rows, default=None)


ADD_INLINE_ROWS = """() => {
  const rows = [];
  for (const link of document.querySelectorAll(".inline-group .add-row a")) {
    link.click();
    const group = link.closest(".inline-group");
    const added = group.querySelectorAll(".dynamic-" + group.id.replace(/-group$/, ""));
    if (added.length) rows.push(added[added.length - 1].id);
  }
  return rows;
}"""

# Leaves each required field of the main form empty, and half fills each new inline row, so that
# saving shows errors. Returns how many required fields it emptied: a half row may be complete.
BREAK_THE_FORM = """(rows) => {
  let emptied = 0;
  const form = document.querySelector("#content-main form");
  for (const field of form.querySelectorAll("input[required], textarea[required]")) {
    if (field.closest(".inline-group") || field.type === "hidden" || field.readOnly) continue;
    if (!field.checkVisibility() || !["text", "email", "url", "textarea"].includes(field.type)) {
      continue;
    }
    field.value = "";
    emptied += 1;
  }
  for (const id of rows) {
    const field = document.getElementById(id)?.querySelector(
      "input[type=text]:not([readonly]), textarea"
    );
    if (field && field.checkVisibility()) field.value = "Half a row";
  }
  return emptied;
}"""


def save_with_errors(walk: Walk, state: str) -> None:
    page = walk.page
    rows = page.evaluate(ADD_INLINE_ROWS)
    save = page.locator('#content-main form [type="submit"][name="_save"]')
    if not save.count():
        return  # a form to read, not to fill in
    emptied = page.evaluate(BREAK_THE_FORM, rows)
    with page.expect_navigation():
        save.click()
    if emptied and page.locator(".errornote").count() == 0:
        walk.problems.append(f"{state}: saving an incomplete form showed no errors ({page.url})")
    walk.check(state)


@pytest.fixture
def walker_page(page, site_content):
    examples_beyond_the_demo_content()
    staff_user(email=SUPERUSER)
    sign_in_with_totp(page, SUPERUSER)
    return page


def walk_model(walk: Walk, label: str) -> None:
    """A model's list, add form, change form (each also with errors), history and delete page."""
    request = superuser_request(User.objects.get(email=SUPERUSER))
    model_admin = next(ma for m, ma in admin.site._registry.items() if m._meta.label_lower == label)
    opts = model_admin.model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"

    walk.visit(reverse(f"{name}_changelist"), f"{label}: the list")
    if model_admin.has_add_permission(request):
        walk.visit(reverse(f"{name}_add"), f"{label}: the add form")
        save_with_errors(walk, f"{label}: the add form with errors")

    obj = fullest_object(model_admin, request)
    if obj is None:
        walk.problems.append(
            f"No {opts.verbose_name} to open: add one to the demo content "
            "(or to examples_beyond_the_demo_content)."
        )
        return
    change_url = reverse(f"{name}_change", args=[obj.pk])
    walk.visit(change_url, f"{label}: the change form")
    if model_admin.has_change_permission(request, obj):
        save_with_errors(walk, f"{label}: the change form with errors")
    walk.visit(reverse(f"{name}_history", args=[obj.pk]), f"{label}: the history")
    if model_admin.has_delete_permission(request, obj):
        walk.visit(reverse(f"{name}_delete", args=[obj.pk]), f"{label}: the delete page")


# The models are walked in a few groups, each signed in once over the demo content loaded once.
GROUPS = 8


def model_groups() -> list[list[str]]:
    labels = registered_models()
    return [labels[start::GROUPS] for start in range(GROUPS)]


@pytest.mark.parametrize("labels", model_groups(), ids=lambda labels: ",".join(labels))
def test_every_admin_page_is_accessible_and_fits(labels, walker_page, axe_report):
    walk = Walk(walker_page, axe_report)
    for label in labels:
        if label == HOME:
            walk.visit(reverse("admin:index"), "the admin home")
        else:
            walk_model(walk, label)
    assert not walk.problems, f"{len(walk.problems)} problem(s):\n\n" + "\n\n".join(walk.problems)


def editorial_examples(user) -> dict[str, str]:
    """A publication with two revisions that differ in a field and in its documents, a published
    change and a deletion in the audit trail; the editorial pages to visit, by name."""
    publication = Publication.objects.order_by("pk").first()
    old = revision_record_current(item=publication, user=user)
    data = live_data(publication)
    documents = data["attachments"]
    edited = {
        **data,
        "title": f"{data['title']} (revised)",
        "attachments": [{**documents[0], "title": "Full report, second edition"}, *documents[1:]]
        if documents
        else [],
    }
    new = revision_save(item=publication, data=edited, user=user, based_on_id=old.pk)
    revision_publish(item=publication, user=user, reason="An urgent correction")
    item_delete(item=Publication.objects.order_by("-pk").first(), user=user)
    name = "admin:publications_publication"
    return {
        "compare": f"{reverse(f'{name}_compare', args=[publication.pk])}?a={old.pk}&b={new.pk}",
        "preview": reverse(f"{name}_preview", args=[publication.pk]),
        "review links": reverse(f"{name}_review_links", args=[publication.pk]),
        "calendar month": reverse("admin:calendar"),
        "calendar list": f"{reverse('admin:calendar')}?view=list",
        "audit trail": reverse("admin:publishing_auditentry_changelist"),
    }


def test_every_editorial_page_is_accessible_and_fits(walker_page, axe_report):
    walk = Walk(walker_page, axe_report)
    pages = editorial_examples(User.objects.get(email=SUPERUSER))
    for state, url in pages.items():
        walk.visit(url, f"the {state} page")
    assert walk.pages_checked == len(pages) * len(WIDTHS)
    assert not walk.problems, f"{len(walk.problems)} problem(s):\n\n" + "\n\n".join(walk.problems)
