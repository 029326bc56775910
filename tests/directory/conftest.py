from pathlib import Path

import pytest

from directory.models import Area
from directory.postcodes import postcodes_import
from directory.services import police_force_areas_load

FIXTURE = Path(__file__).parent / "fixtures" / "onspd_sample.csv"


@pytest.fixture(autouse=True)
def police_force_areas(db):
    """Loaded by a migration, but a transactional test elsewhere may have flushed them."""

    police_force_areas_load()


@pytest.fixture
def onspd_sample() -> Path:
    return FIXTURE


@pytest.fixture
def postcodes(db):
    """The committed sample of the ONS postcode directory, imported."""

    postcodes_import(path=FIXTURE)


def area(gss_code: str) -> Area:
    return Area.objects.get(gss_code=gss_code)
