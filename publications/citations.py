"""A publication's reference for reference managers: RIS (EndNote, Zotero, Mendeley) and BibTeX.

Both describe it as a report published by the charity, with the same facts as the "How to
cite" block and the Google Scholar meta tags.
"""

from django.conf import settings

from sitewide.site_url import absolute_url

from .models import Publication

# Characters with a meaning in BibTeX/LaTeX, spelt so they print as themselves.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def citation_pdf_url(publication: Publication) -> str:
    """The absolute address of its first PDF, or "" if it has none."""
    for attachment in publication.attachments.all():
        # A draft's new or replaced file has no public address yet.
        if attachment.file_format == "pdf" and attachment.pk and not attachment.drafted_file_url:
            return absolute_url(attachment.get_absolute_url())
    return ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def citation_ris(publication: Publication) -> str:
    lines = [("TY", "RPRT"), ("TI", publication.title)]
    authors = publication.author_names
    # The charity is the author when no person is named (RIS has no separate corporate-author
    # tag; A2 would make it an editor), as citation_author and BibTeX say.
    lines += [("AU", name) for name in authors or [settings.SITE_NAME]]
    lines += [
        ("PY", str(publication.published_on.year)),
        ("DA", publication.published_on.strftime("%Y/%m/%d/")),
        ("PB", settings.SITE_NAME),
        ("UR", absolute_url(publication.get_absolute_url())),
    ]
    if publication.series:
        lines.append(("T3", publication.series.title))
    if publication.summary:
        lines.append(("AB", publication.summary))
    if pdf := citation_pdf_url(publication):
        lines.append(("L1", pdf))
    lines.append(("ER", ""))
    # RIS: "XX  - value", one tag a line, CRLF line ends.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def bibtex_escape(text: str) -> str:
    return _one_line(text).translate(BIBTEX_ESCAPES)


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def citation_bibtex(publication: Publication) -> str:
    organisation = "{" + bibtex_escape(settings.SITE_NAME) + "}"  # braced: not "Last, First"
    authors = " and ".join(bibtex_escape(name) for name in publication.author_names)
    fields = [
        ("title", "{{" + bibtex_escape(publication.title) + "}}"),  # keeps its capitals
        ("author", "{" + (authors or organisation) + "}"),
        ("institution", "{" + organisation + "}"),
        ("year", str(publication.published_on.year)),
        ("month", MONTHS[publication.published_on.month - 1]),  # BibTeX's own month names
        ("type", "{" + bibtex_escape(publication.get_kind_display()) + "}"),
        ("url", "{" + absolute_url(publication.get_absolute_url()) + "}"),
    ]
    if publication.series:
        fields.append(("series", "{" + bibtex_escape(publication.series.title) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@techreport{{{publication.slug},\n{body}\n}}\n"
