"""Reference data: the 43 police force areas of England and Wales and their tiles on the map.

`data/police_force_areas.csv` holds each area's ONS code (Police Force Areas, December 2023),
its ONS name, the label on its tile, and the tile's place in a roughly geographic grid.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "police_force_areas.csv"

# The shape of a full UK postcode once spaces are gone: outward code, then digit + two letters.
POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}")
GSS_CODE = re.compile(r"[A-Z][0-9]{8}")


@dataclass(frozen=True)
class Tile:
    gss_code: str
    name: str
    abbreviation: str
    row: int
    column: int


@cache
def police_force_area_tiles() -> tuple[Tile, ...]:
    with DATA_FILE.open(newline="", encoding="utf-8") as file:
        return tuple(
            Tile(
                gss_code=row["gss_code"],
                name=row["name"],
                abbreviation=row["abbreviation"],
                row=int(row["row"]),
                column=int(row["column"]),
            )
            for row in csv.DictReader(file)
        )


def postcode_normalise(value: str) -> str | None:
    """ "sw1a 1aa", " SW1A1AA " → "SW1A1AA"; None when it cannot be a full postcode."""
    compact = "".join(value.split()).upper()
    return compact if POSTCODE.fullmatch(compact) else None
