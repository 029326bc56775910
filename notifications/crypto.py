"""Encryption at rest for secrets the site must read back: emailed private links, authenticator
secrets. The keys live in settings (ENCRYPTION_KEYS), never in the database, so a dump of the
database alone opens nothing.

The first key encrypts; every key decrypts, so keys can be rotated. A key derived from
SECRET_KEY (HKDF-SHA256) always comes last: it encrypts when no key is set, and keeps rows
written before keys were set readable until `manage.py encryption_rotate` re-encrypts them.
"""

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "decrypt_bytes", "encrypt", "encrypt_bytes", "reencrypt"]


def _derived_key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cja-site secrets at rest")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    configured = [Fernet(key.encode()) for key in keys if key.strip()]
    return MultiFernet([*configured, Fernet(_derived_key(secret_key))])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; InvalidToken if no configured key opens it."""
    return _current().decrypt(token.encode()).decode()


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes, *, max_age_seconds: int | None = None) -> bytes:
    """The plain bytes; InvalidToken if no configured key opens them (or they are too old)."""
    return _current().decrypt(token, ttl=max_age_seconds)


def reencrypt(token: str) -> str:
    """The same text encrypted with the newest key (for rotation)."""
    return _current().rotate(token.encode()).decode()
