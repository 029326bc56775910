"""Written Questions API (questions-statements-api.parliament.uk): written questions that match
the campaign's words and/or go to one answering body, tabled since shortly before tracking began."""

import datetime

from django.conf import settings
from django.utils import timezone

from .common import as_date, event
from .http import Fetched, SourceError, get_json
from .links import PARLIAMENT

QUESTIONS_SITE = "https://questions-statements.parliament.uk"
PAGE_SIZE = 100
# Questions tabled from this long before staff started tracking: recent context, bounded.
LOOKBACK = datetime.timedelta(days=90)


def fetch(item, http) -> Fetched:
    since = (item.created_at or timezone.now()).date() - LOOKBACK
    params = {"take": PAGE_SIZE, "tabledWhenFrom": since.isoformat()}
    if item.identifier:
        params["searchTerm"] = item.identifier
    if item.answering_body_id is not None:
        params["answeringBodies"] = item.answering_body_id
    fetched = get_json(
        http,
        f"{settings.WRITTEN_QUESTIONS_API_URL}/writtenquestions/questions",
        domains=PARLIAMENT,
        params=params,
        etag=item.etag,
        last_modified=item.last_modified,
    )
    if not fetched.not_modified and not isinstance((fetched.data or {}).get("results"), list):
        raise SourceError("The Written Questions API answered without a result list")
    return fetched


def question_url(question: dict) -> str:
    tabled = as_date(question["dateTabled"])
    return f"{QUESTIONS_SITE}/written-questions/detail/{tabled.isoformat()}/{question['uin']}"


def normalise(raw: dict, *, today: datetime.date) -> dict:
    events = []
    for result in raw["results"]:
        question = result["value"]
        if question.get("isWithdrawn"):
            continue
        heading = question.get("heading") or f"Question {question['uin']}"
        url = question_url(question)
        asked_of = question.get("answeringBodyName") or "the government"
        events.append(
            event(
                key=f"question-{question['id']}-tabled",
                kind="other",
                title=f"Written question tabled: {heading}",
                date=as_date(question["dateTabled"]),
                url=url,
                text=question.get("questionText") or "",
                link_text=f"Question {question['uin']} to {asked_of}",
            )
        )
        answered_on = as_date(question.get("dateAnswered"))
        if answered_on and not question.get("answerIsHolding"):
            events.append(
                event(
                    key=f"question-{question['id']}-answered",
                    kind="response-received",
                    title=f"Question answered: {heading}",
                    date=answered_on,
                    url=url,
                    text=f"{asked_of} answered written question {question['uin']}.",
                    link_text="Read the answer",
                )
            )
    return {
        "title": "Written questions",
        "url": f"{QUESTIONS_SITE}/written-questions",
        "state": {"questions": len(raw["results"]), "total": raw.get("totalResults")},
        "events": events,
    }
