"""One adapter per public API. Each has `fetch(item, http)`, which reads the source (raising
SourceError), and a pure `normalise(raw, today=…)`, which turns what was read into a snapshot:

    {"title": …, "url": …, "state": {…}, "events": [{"key", "kind", "title", "date", "url",
     "text", "link_text"}, …]}

An event's key is stable across polls, so the same change is only ever proposed once.
"""

from . import bills, govuk, petitions, questions

ADAPTERS = {
    "bill": bills,
    "written-questions": questions,
    "petition": petitions,
    "consultation": govuk,
}


def adapter_for(kind: str):
    return ADAPTERS[kind]
