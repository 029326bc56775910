import pytest

from tests.factories import staff_user


@pytest.fixture
def author():
    """The member of staff who drafts the change (test_editorial has one with fewer powers)."""
    return staff_user(email="sam@example.org", full_name="Sam")


@pytest.fixture
def approver():
    return staff_user(email="alex@example.org", full_name="Alex")
