"""Checks an item's content passes before it is published: what would shut a reader out.

`content_check(item)` reads the item as it stands (saved or not) and returns what it found.
Errors block publishing; warnings are shown and allow it. Each finding says where the problem
is and how to fix it, in words staff use. Nothing here writes: the publish action, the change
form and revision publishing all ask the same question.

- Rich text: headings that skip a level (the page title is the h1, so the body starts at h2),
  links with no text, links whose text is only "click here", "read more"…, images without alt.
- Images: an image field with an `<name>_alt` field beside it needs alt text, unless an
  `<name>_decorative` field says it is decorative.
- Anything an app adds: an AppConfig may name a function, `content_checks = "app.module.fn"`,
  taking an item and returning findings (publications warn of untagged PDFs this way).
"""

from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Literal

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string

from .richtext import RichTextField

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"

# Link text that says nothing out of context (WCAG 2.4.4; GOV.UK's guidance on links).
VAGUE_LINK_TEXT = frozenset(
    {"click here", "here", "read more", "more", "learn more", "find out more", "this link",
     "link", "click", "this page", "go"}
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    level: Literal["error", "warning"]
    where: str  # "Body, the 2nd link"
    problem: str  # "its text is only “click here”."
    fix: str  # "Make the link text say where it goes…"

    def __str__(self) -> str:
        return f"{self.where}: {self.problem} {self.fix}"


@dataclass(frozen=True)
class ContentReport:
    errors: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()

    @property
    def blocks_publishing(self) -> bool:
        return bool(self.errors)


def content_check(item: models.Model) -> ContentReport:
    """What stands between this item and publishing (errors), and what should be looked at."""
    findings = [*_image_findings(item)]
    for field in item._meta.concrete_fields:
        if isinstance(field, RichTextField):
            findings += rich_text_findings(getattr(item, field.attname) or "", _label(field))
    for check in _app_checks():
        findings += check(item)
    return ContentReport(
        errors=tuple(f for f in findings if f.level == ERROR),
        warnings=tuple(f for f in findings if f.level == WARNING),
    )


def rich_text_findings(html: str, where: str) -> list[Finding]:
    """Findings in one rich-text field's HTML; `where` names the field ("Body")."""
    parser = _RichTextReader()
    parser.feed(html)
    parser.close()
    found = []
    previous = 1  # the page's own title
    for level, text in parser.headings:
        if level > previous + 1:
            found.append(
                Finding(
                    ERROR,
                    f"{where}, heading “{_short(text)}”",
                    f"it is a level {level} heading straight after level {previous}, "
                    "skipping a level.",
                    f"Make it a level {previous + 1} heading (the editor's heading menu), or "
                    "add the missing heading above it.",
                )
            )
        previous = level
    for number, (text, href) in enumerate(parser.links, start=1):
        place = f"{where}, the {_ordinal(number)} link"
        words = " ".join(text.split()).strip(" .…:!").lower()
        if not words:
            found.append(
                Finding(
                    ERROR,
                    f"{place} (to {href or 'nowhere'})",
                    "it has no text, so a screen reader announces only “link”.",
                    "Select the link in the editor and type words that say where it goes, or "
                    "remove it.",
                )
            )
        elif words in VAGUE_LINK_TEXT:
            found.append(
                Finding(
                    WARNING,
                    place,
                    f"its text is only “{_short(text)}”, which says nothing read on its own.",
                    "Make the link text say where it goes, e.g. “Read the full report”.",
                )
            )
    for number in parser.images_without_alt:
        found.append(
            Finding(
                ERROR,
                f"{where}, the {_ordinal(number)} image",
                "it has no alt text.",
                'Describe the image in its alt text, or mark it as decorative (alt="").',
            )
        )
    return found


def _image_findings(item) -> list[Finding]:
    found = []
    names = {field.name for field in item._meta.concrete_fields}
    for field in item._meta.concrete_fields:
        alt_name = f"{field.name}_alt"
        if not isinstance(field, models.ImageField) or alt_name not in names:
            continue
        decorative = getattr(item, f"{field.name}_decorative", False)
        if getattr(item, field.name) and not getattr(item, alt_name).strip() and not decorative:
            alt_label = _label(item._meta.get_field(alt_name))
            fix = f"Describe the image in “{alt_label}”"
            if f"{field.name}_decorative" in names:
                decorative_label = _label(item._meta.get_field(f"{field.name}_decorative"))
                fix += f", or tick “{decorative_label}” if it adds nothing a reader would miss"
            found.append(Finding(ERROR, _label(field), "the image has no alt text.", fix + "."))
    return found


@cache
def _app_checks() -> tuple:
    return tuple(
        import_string(config.content_checks)
        for config in apps.get_app_configs()
        if getattr(config, "content_checks", None)
    )


class _RichTextReader(HTMLParser):
    """Headings (level, text), links (text, href) and images without alt, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self.images_without_alt: list[int] = []
        self._images = 0
        self._open: list[tuple[str, list[str], str]] = []  # (tag, text parts, href)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "img":
            self._images += 1
            if attributes.get("alt") is None:
                self.images_without_alt.append(self._images)
            elif self._open and attributes["alt"]:
                self._open[-1][1].append(attributes["alt"])
            return
        if tag == "a" or (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456"):
            self._open.append((tag, [], attributes.get("href") or ""))

    def handle_endtag(self, tag):
        if not self._open or self._open[-1][0] != tag:
            return
        _tag, parts, href = self._open.pop()
        text = "".join(parts)
        if self._open:  # a link inside a heading: its words are the heading's too
            self._open[-1][1].append(text)
        if tag == "a":
            self.links.append((text, href))
        else:
            self.headings.append((int(tag[1]), text.strip()))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def _label(field) -> str:
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
