"""Rich text: edited with the prose editor, sanitised with nh3 whoever writes it.

The editor's toolbar offers what sanitise_html keeps, so nothing staff can make is dropped.
"""

import nh3
from django_prose_editor.fields import ProseEditorField

# What staff may put in rich text: the prose editor's output, nothing that runs or restyles.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "a", "ul", "ol", "li",
    "blockquote", "hr", "sub", "sup", "abbr", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


PROSE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
    }
}


class RichTextField(ProseEditorField):
    """Edited with the prose editor, cleaned with nh3 on every save.

    The editor cleans what comes through a form; cleaning in pre_save covers every other write
    too (demo content, the shell, services), so templates may always mark the body safe.
    """

    def pre_save(self, model_instance, add):
        value = sanitise_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def rich_text_field(**kwargs):
    return RichTextField(config=PROSE_EDITOR_CONFIG, sanitize=sanitise_html, **kwargs)
