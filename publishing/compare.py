"""Two versions of an item side by side, field by field, with what changed marked.

Deleted words are struck through in <del>, inserted ones underlined in <ins>, and each carries
a text marker ("[deleted]", "[inserted]", visually hidden but read aloud) so that nothing relies
on colour. Rich text is compared as the text a reader sees, paragraph by paragraph. Inline rows (a
publication's attachments, a campaign's milestones) are listed, each change said in words:
"Added", "Removed", "Changed (title, position)".
"""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .revisions import revised_fields, row_fields
from .richtext import sanitise_html

TOKENS = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|tr|caption|figcaption)>|<br\s*/?>|<hr\s*/?>")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class FieldComparison:
    label: str
    changed: bool
    old: SafeString
    new: SafeString


def versions_compare(*, model: type[models.Model], old: dict, new: dict) -> list[FieldComparison]:
    """Every revised field of `model`, the old and new value marked up to show the change."""
    comparisons = []
    for f in revised_fields(model):
        old_text = display_text(f, old.get(f.name))
        new_text = display_text(f, new.get(f.name))
        changed = old.get(f.name) != new.get(f.name)
        if changed and _is_prose(f):
            old_html, new_html = words_diff(old_text, new_text)
        elif changed:
            old_html = _marked("del", "deleted", old_text) if old_text else mark_safe("")
            new_html = _marked("ins", "inserted", new_text) if new_text else mark_safe("")
        else:
            old_html = new_html = _lines(escape(old_text))
        comparisons.append(
            FieldComparison(label=str(f.verbose_name), changed=changed, old=old_html, new=new_html)
        )
    # A revision saved before rows were kept has none to compare.
    comparisons.extend(
        rows_compare(model=model, name=name, old=old[name], new=new[name])
        for name in model.revised_rows
        if name in old and name in new
    )
    return comparisons


def rows_compare(*, model, name: str, old: list[dict], new: list[dict]) -> FieldComparison:
    """The rows of both versions, one a line; the new side says what was added, removed or
    changed (and which of its fields), in words."""
    fields = row_fields(model, name)
    label = str(model._meta.get_field(name).related_model._meta.verbose_name_plural)
    old_by_id = {row["id"]: row for row in old if row.get("id")}
    new_ids = {row.get("id") for row in new if row.get("id")}
    old_lines = [_row_title(row) for row in old]
    new_lines, changed = [], False
    for row in new:
        before = old_by_id.get(row.get("id"))
        differing = [
            str(f.verbose_name) for f in fields if before and before.get(f.name) != row.get(f.name)
        ]
        if before is None:
            new_lines.append(_marked("ins", "inserted", f"Added: {_row_title(row)}"))
        elif differing:
            new_lines.append(escape(f"Changed: {_row_title(row)} ({', '.join(differing)})"))
        else:
            new_lines.append(escape(_row_title(row)))
        changed = changed or before is None or bool(differing)
    for row in old:
        if row.get("id") not in new_ids:
            new_lines.append(_marked("del", "deleted", f"Removed: {_row_title(row)}"))
            changed = True
    return FieldComparison(
        label=label,
        changed=changed,
        old=_lines(escape("\n".join(old_lines))),
        new=mark_safe("<br>".join(str(line) for line in new_lines)),  # noqa: S308 (escaped)
    )


def _row_title(row: dict) -> str:
    title = str(row.get("title") or "(untitled)")
    return f"{row['date']}: {title}" if row.get("date") else title


def display_text(f: models.Field, value) -> str:
    """A stored value as staff would read it: a choice's label, a topic's name, Yes/No."""
    if value in (None, "", []):
        return ""
    if f.many_to_many:
        related = f.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in related))
    if f.is_relation:
        obj = f.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"(deleted: {value})"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return "Yes" if value else "No"
    if _is_rich_text(f):
        return rich_text_as_text(str(value))
    return str(value)


def rich_text_as_text(value: str) -> str:
    """What a reader sees of rich text, one line per paragraph, list item or heading."""
    text = BLOCK_END.sub("\n", sanitise_html(value))
    text = html.unescape(TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def words_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with deletions marked, and the new text with insertions marked."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(escape(old_part))
            right.append(escape(new_part))
            continue
        if old_part:
            left.append(_marked("del", "deleted", old_part))
        if new_part:
            right.append(_marked("ins", "inserted", new_part))
    return _lines("".join(left)), _lines("".join(right))


def _marked(tag: str, word: str, text: str) -> SafeString:
    return format_html(
        '<{tag}><span class="visually-hidden">[{word}: </span>{text}'
        '<span class="visually-hidden">]</span></{tag}>',
        tag=mark_safe(tag),  # noqa: S308 (one of two literal tag names)
        word=word,
        text=text,
    )


def _lines(marked: str) -> SafeString:
    return mark_safe(str(marked).replace("\n", "<br>"))  # noqa: S308 (escaped above)


def _is_rich_text(f: models.Field) -> bool:
    return type(f).__name__ == "ProseEditorField"


def _is_prose(f: models.Field) -> bool:
    return _is_rich_text(f) or (
        isinstance(f, models.CharField | models.TextField) and not f.choices
    )
