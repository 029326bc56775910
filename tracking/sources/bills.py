"""UK Parliament Bills API (bills-api.parliament.uk): a bill, its stages and their sittings,
and the amendments at each stage that mention the campaign's words.

The bill itself is the conditional request: its `lastUpdate` moves whenever a stage, sitting or
amendment does, so an unchanged bill (304) spares the stage and amendment requests.
"""

import datetime
import re

from django.conf import settings

from .common import as_date, event
from .http import Fetched, SourceError, get_json
from .links import PARLIAMENT

BILLS_SITE = "https://bills.parliament.uk"
ORDINALS = {"1st": "First", "2nd": "Second", "3rd": "Third"}
# Amendments are tabled at these stages; readings and Royal Assent have none.
AMENDING_STAGES = re.compile(r"committee|report|3rd reading|third reading|consideration", re.I)
DECISIONS = {
    "Agreed": "agreed to",
    "Disagreed": "disagreed to",
    "Withdrawn": "withdrawn",
    "NotMoved": "not moved",
}


def fetch(item, http) -> Fetched:
    base = settings.PARLIAMENT_BILLS_API_URL
    bill = get_json(
        http,
        f"{base}/Bills/{item.identifier}",
        domains=PARLIAMENT,
        etag=item.etag,
        last_modified=item.last_modified,
    )
    if bill.not_modified:
        return bill
    stages = get_json(
        http, f"{base}/Bills/{item.identifier}/Stages", domains=PARLIAMENT, params={"Take": 100}
    )
    amendments = {}
    terms = item.term_list
    for stage in _items(stages.data):
        if not terms or not stage.get("stageSittings"):
            continue
        if not AMENDING_STAGES.search(stage.get("description") or ""):
            continue
        found = {}
        for term in terms:
            page = get_json(
                http,
                f"{base}/Bills/{item.identifier}/Stages/{stage['id']}/Amendments",
                domains=PARLIAMENT,
                params={"SearchTerm": term, "Take": 100},
            )
            for amendment in _items(page.data):
                found[amendment["amendmentId"]] = amendment
        amendments[str(stage["id"])] = list(found.values())
    raw = {"bill": bill.data, "stages": stages.data, "amendments": amendments}
    return Fetched(not_modified=False, data=raw, etag=bill.etag, last_modified=bill.last_modified)


def _items(page) -> list[dict]:
    if not isinstance(page, dict) or not isinstance(page.get("items"), list):
        raise SourceError("The Bills API answered without an item list")
    return page["items"]


def normalise(raw: dict, *, today: datetime.date) -> dict:
    bill = raw["bill"]
    bill_id = bill["billId"]
    bill_url = f"{BILLS_SITE}/bills/{bill_id}"
    events = []
    stages = {}
    for stage in raw["stages"]["items"]:
        dates = sorted(d for d in (as_date(s.get("date")) for s in stage["stageSittings"]) if d)
        stages[str(stage["id"])] = (stage, dates)
        if not dates or dates[0] > today:
            continue
        name = stage_name(stage)
        royal_assent = stage["description"].lower() == "royal assent"
        events.append(
            event(
                key=f"stage-{stage['id']}",
                kind="outcome" if royal_assent else "other",
                title=name,
                date=dates[0],
                url=f"{bill_url}/stages/{stage['id']}",
                text=(
                    f"The {bill['shortTitle']} received Royal Assent and became law."
                    if royal_assent
                    else f"The {bill['shortTitle']} reached this stage."
                ),
                link_text="The stage on the Parliament website",
            )
        )
    for stage_id, amendments in raw["amendments"].items():
        stage, dates = stages.get(stage_id, (None, []))
        if stage is None:
            continue
        where = f"{_house_short(stage['house'])} {stage['description']}".strip()
        for amendment in amendments:
            events.extend(_amendment_events(amendment, bill_url, stage_id, where, dates, today))
    return {
        "title": bill["shortTitle"],
        "url": bill_url,
        "state": {
            "current_stage": (bill.get("currentStage") or {}).get("description", ""),
            "current_house": bill.get("currentHouse", ""),
            "is_act": bool(bill.get("isAct")),
            "last_update": bill.get("lastUpdate", ""),
        },
        "events": events,
    }


def _amendment_events(amendment, bill_url, stage_id, where, dates, today) -> list[dict]:
    number = amendment.get("marshalledListText") or str(amendment["amendmentId"])
    label = number if number.upper().startswith(("NC", "NS")) else f"Amendment {number}"
    url = f"{bill_url}/stages/{stage_id}/amendments/{amendment['amendmentId']}"
    sponsors = ", ".join(s["name"] for s in amendment.get("sponsors") or [] if s.get("name"))
    summary = " ".join(amendment.get("summaryText") or [])
    text = summary + (f" Tabled by {sponsors}." if sponsors else "")
    tabled_on = dates[0] if dates else today
    events = [
        event(
            key=f"amendment-{amendment['amendmentId']}-tabled",
            kind="amendment-tabled",
            title=f"{label} tabled at {where}",
            date=tabled_on,
            url=url,
            text=text.strip(),
            link_text="The amendment on the Parliament website",
        )
    ]
    decision = DECISIONS.get(amendment.get("decision") or "")
    if decision:
        decided_on = max((d for d in dates if d <= today), default=tabled_on)
        events.append(
            event(
                key=f"amendment-{amendment['amendmentId']}-{amendment['decision'].lower()}",
                kind="other",
                title=f"{label} {decision} at {where}",
                date=decided_on,
                url=url,
                text=amendment.get("decisionExplanation") or "",
                link_text="The amendment on the Parliament website",
            )
        )
    return events


def stage_name(stage: dict) -> str:
    """'2nd reading' in the Lords → 'Second reading in the House of Lords'."""
    description = stage["description"]
    first, _, rest = description.partition(" ")
    if first in ORDINALS:
        description = f"{ORDINALS[first]} {rest}"
    house = stage.get("house")
    if house in ("Commons", "Lords"):
        return f"{description} in the House of {house}"
    return description


def _house_short(house: str) -> str:
    return house if house in ("Commons", "Lords") else ""
