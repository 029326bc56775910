"""The difference between two snapshots: the events the new one has and the old one had not."""


def events_new(previous: dict | None, current: dict) -> list[dict]:
    """Events in `current` whose key `previous` lacked, oldest first. Pure: no I/O, no clock."""
    seen = {event["key"] for event in (previous or {}).get("events", [])}
    fresh, keys = [], set()
    for event in current.get("events", []):
        if event["key"] not in seen and event["key"] not in keys:
            keys.add(event["key"])
            fresh.append(event)
    return sorted(fresh, key=lambda event: (event["date"], event["key"]))
