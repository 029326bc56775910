from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404

from .storage import open_for_streaming


def document_response(
    document: models.Model, *, private: bool, as_attachment: bool = False
) -> FileResponse:
    """A document's file (a `documents.models.Document`, which offers this response itself),
    streamed as what it really is (never what its name says).

    A private response (a member's paper, a draft's document shown to staff) is never stored
    by a cache; a public one may be, briefly (PUBLIC_DOCUMENT_CACHE_SECONDS), so that one
    unpublished stops being served promptly. The caller has checked access.
    """
    try:
        handle = open_for_streaming(document.file.storage, document.file.name)
    except FileNotFoundError as error:
        raise Http404("This document's file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=document.download_name,
        content_type=document.content_type,
    )
    if not response.has_header("Content-Length") and document.file_size:
        response["Content-Length"] = str(document.file_size)  # a bucket's stream has no size
    if private:
        response["Cache-Control"] = "private, no-store"
    else:
        seconds = settings.PUBLIC_DOCUMENT_CACHE_SECONDS
        response["Cache-Control"] = f"public, max-age={seconds}, s-maxage={seconds}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
