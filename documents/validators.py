from collections.abc import Collection

from django.conf import settings
from django.utils.deconstruct import deconstructible

from .sniffing import Format, document_validate


@deconstructible
class DocumentValidator:
    """A document field's rule: which formats, up to what size (a setting's name, read when
    checking), and what to tell the person who uploaded something else."""

    def __init__(
        self, *, accept: Collection[str], max_bytes_setting: str, too_big: str, wrong_format: str
    ):
        self.accept = accept
        self.max_bytes_setting = max_bytes_setting
        self.too_big = too_big
        self.wrong_format = wrong_format

    def __call__(self, file) -> Format:
        return document_validate(
            file,
            accept=self.accept,
            max_bytes=getattr(settings, self.max_bytes_setting),
            too_big=self.too_big,
            wrong_format=self.wrong_format,
        )

    def __eq__(self, other):
        return isinstance(other, DocumentValidator) and vars(self) == vars(other)
