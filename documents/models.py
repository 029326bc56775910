from django.db import models

from .downloads import document_response
from .sniffing import content_type_for, document_download_name, document_label, upload_sniff


class Document(models.Model):
    """A stored file known by what it really is, with what a download link says of it.

    A subclass declares `file`: where it is stored (`upload_to`, `storage=private_storage` for
    private files) and a DocumentValidator of what it accepts.
    """

    file: models.FileField
    file_format = models.CharField(max_length=20, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    # Set on a draft's row whose file is not live yet: where permitted staff download it.
    drafted_file_url = ""

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        """How the download is described: "PDF, 1.2 MB"."""
        return document_label(self.file_format, self.file_size)

    @property
    def download_name(self) -> str:
        """The name the file is offered under, with the extension of what it really is."""
        return document_download_name(self.file.name, self.file_format)

    @property
    def content_type(self) -> str:
        return content_type_for(self.file_format)

    def download_response(self, *, private: bool):
        """The file streamed as what it really is; the caller has checked access."""
        return document_response(self, private=private)

    def describe_file(self) -> None:
        """Record the file's format and size; a new upload is also renamed after its real
        format, so it is stored under the extension of what it is."""
        found = upload_sniff(self.file)
        self.file_format = found.key if found else ""
        self.file_size = self.file.size
