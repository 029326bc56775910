"""What the admin shows of a document: a "Currently:" link that works, format and size in words."""

from dataclasses import dataclass
from pathlib import PurePath

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.template.defaultfilters import filesizeformat

from .sniffing import FORMATS


@dataclass(frozen=True)
class _DownloadLink:
    url: str
    name: str

    def __str__(self):
        return self.name


class LabelledFileWidget(AdminFileWidget):
    """Django groups a file field in a fieldset whose legend names the group, not the file
    input: axe (and a screen reader) finds the input unnamed. A plain label names it."""

    use_fieldset = False


class DocumentFileWidget(LabelledFileWidget):
    """Links the current file through its model's download view, or a draft's file through
    the view that serves it to staff.

    Storage URLs do not work here: nothing is served under MEDIA_URL, and private papers must
    pass the access check of their download view.
    """

    def is_initial(self, value):
        return bool(_download_url(value))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _DownloadLink(
                url=_download_url(value), name=PurePath(value.name).name
            )
        return context


def _download_url(value) -> str:
    """The stored file's link: a draft's own file (not yet live), or the saved document's."""
    instance = getattr(value, "instance", None) if value else None
    if instance is None:
        return ""
    return instance.drafted_file_url or (instance.get_download_url() if instance.pk else "")


class DocumentAdminMixin:
    """For an admin (or inline) of a Document: its link, format and size in words."""

    formfield_overrides = {models.FileField: {"widget": DocumentFileWidget}}

    @admin.display(description="format")
    def document_format(self, obj):
        found = FORMATS.get(obj.file_format)
        return found.label if found else None

    @admin.display(description="size")
    def document_size(self, obj):
        return filesizeformat(obj.file_size) if obj.pk else None
