"""Model fields the apps share: encrypted text for safeguarding free text (the child's words,
concern details, search notes), the stamps of who did something to a record and when
(`user_stamp`, `time_stamp`), the link a record may lack (`optional_link`), and the order of
records listed newest first (`NEWEST_FIRST`).

Business rules:
- free-text safeguarding fields are encrypted at rest with a rotatable key, so a database dump
  shows none of their text. Fernet (AES-128-CBC + HMAC-SHA256) through `cryptography`'s
  MultiFernet: the first key in FIELD_ENCRYPTION_KEYS encrypts, every key decrypts, and
  `rotate_value` re-encrypts under the first key (see `saferschools rotate-field-key`).
  Encrypted fields cannot be searched or ordered in SQL, by design;
- a user stamp is kept when the account goes (set to null);
- an optional link protects what it points at unless it says otherwise (a school, district or
  officer named on a record cannot be deleted from under it), and gives the other side no
  reverse accessor unless that side reads it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"

#: `Meta.ordering` of records listed newest first: the primary key breaks ties between rows
#: made in the same instant, so a page of the list never repeats or skips one.
NEWEST_FIRST = ["-created_at", "-pk"]


def _as_fernet_key(key: str) -> bytes:
    """Accept a proper Fernet key, or derive one from any other secret string."""
    raw = key.encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (ValueError, TypeError):
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(_as_fernet_key(k)) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was switched on
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field could not be decrypted: its key is not in FIELD_ENCRYPTION_KEYS"
        ) from exc


def rotate_value(value: str) -> str:
    """Re-encrypt a stored value under the current (first) key."""
    if not value or not value.startswith(PREFIX):
        return encrypt_text(value) if value else value
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted. Python side: plain text; database side: a Fernet token."""

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull", "exact"}:
            return None  # searching inside ciphertext is meaningless
        return super().get_lookup(lookup_name)


def optional_link(
    to: str | type[models.Model],
    *,
    on_delete: Callable[..., None] = models.PROTECT,
    related_name: str = "+",
    help_text: str = "",
    limit_choices_to: dict[str, Any] | None = None,
    editable: bool = True,
) -> models.ForeignKey:
    """A link a record may lack (null in the database, blank in forms). It protects what it
    points at unless `on_delete` says otherwise; `related_name` only where the other side reads
    its records through it."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
        help_text=help_text,
        limit_choices_to=limit_choices_to,
        editable=editable,
    )


def user_stamp(
    *, editable: bool = True, related_name: str = "+", help_text: str = ""
) -> models.ForeignKey:
    """Who did something to a record (created, closed, reviewed, sent it): kept if their account
    goes (set to null); `related_name` only where the user's side is read (their jobs)."""
    return optional_link(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=help_text,
        editable=editable,
    )


def time_stamp(*, editable: bool = True) -> models.DateTimeField:
    """When something was done to a record (approved, closed, revoked, sent it): empty until it
    is. `editable=False` where only the service that does it may set it."""
    return models.DateTimeField(null=True, blank=True, editable=editable)


def stamp_of(user: Any) -> Any:
    """The value of a user stamp for a write by `user`: the account, or None when the system or
    the public (no account) wrote."""
    return user if getattr(user, "pk", None) else None
