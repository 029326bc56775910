import pytest

from readership import counting


@pytest.fixture
def readership_redis(settings):
    """Counting on, into the test Redis, starting empty and not resting after a failure."""
    client = counting.readership_redis()
    assert client is not None, "readership needs READERSHIP_REDIS_URL (REDIS_URL)"
    for key in client.scan_iter("readership:*"):
        client.delete(key)
    counting._State.resting_until = 0.0
    counting._State.hasher = None
    counting._State.expiring = set()
    yield client
    for key in client.scan_iter("readership:*"):
        client.delete(key)
    counting._State.resting_until = 0.0
    counting._State.hasher = None
    counting._State.expiring = set()
