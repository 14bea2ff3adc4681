"""Sign-in events into the audit log; ending a disabled account's sessions at once; the safety
net that audits any change of an account's access made outside the services."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from .audit import audit_record, audit_write
from .choices import Action, Outcome
from .middleware import SESSION_SEEN, SESSION_STARTED
from .models import User


@receiver(user_logged_in, dispatch_uid="accounts_audit_sign_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now
    audit_write(user, Action.SIGN_IN, user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts_audit_sign_out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "_saferschools_signout_reason", "") if request else ""
    details = {"reason": reason} if reason else {}
    audit_write(user, Action.SIGN_OUT, user, request=request, **details)


@receiver(user_login_failed, dispatch_uid="accounts_audit_sign_in_failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        user=None,
        username=username,
        action=Action.SIGN_IN_FAILED,
        record_type="accounts.User",
        request=request,
        outcome=Outcome.FAILED,
    )


def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    audit_record(
        user=None,
        username=username or "",
        action=Action.LOCKED_OUT,
        record_type="accounts.User",
        request=request,
        outcome=Outcome.DENIED,
        details={"ip_address": kwargs.get("ip_address", "")},
    )


def end_sessions_of(user_id: int) -> int:
    """Delete every live session and API token that belongs to the user. Returns how many
    sessions ended (`services.sessions_and_tokens_end` does the work)."""
    from .services import sessions_and_tokens_end

    return sessions_and_tokens_end(user_id)[0]


# ---------------------------------------------------------------- the account-change safety net
# Services audit the changes they make (with who and why) and mark the instance. Anything else
# that changes an account's access (a shell, a script, a migration, a page that forgot the
# service) is still written to the audit log, as the "system", from these signals.

_WATCHED = ("role", "school_id", "is_active", "is_superuser", "is_staff")


@receiver(post_init, sender=User, dispatch_uid="accounts_remember_access")
def _remember_access(sender: Any, instance: User, **kwargs: Any) -> None:
    instance._initial_access = (  # type: ignore[attr-defined]
        None if instance.pk is None else tuple(getattr(instance, f) for f in _WATCHED)
    )


@receiver(post_save, sender=User, dispatch_uid="accounts_audit_access_change")
def _audit_access_change(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    from .services import AUDITED_FLAG

    before = getattr(instance, "_initial_access", None)
    now = tuple(getattr(instance, f) for f in _WATCHED)
    instance._initial_access = now  # type: ignore[attr-defined]
    if getattr(instance, AUDITED_FLAG, False):
        instance.__dict__.pop(AUDITED_FLAG, None)  # the service audited it and ends sessions
        return
    if created:
        if instance.is_superuser:
            _system_entry(instance, Action.ACCOUNT_CREATE, {"is_superuser": True})
        return
    if before is not None and before != now:
        changed = {f: [b, a] for f, b, a in zip(_WATCHED, before, now, strict=True) if b != a}
        _system_entry(instance, Action.ROLE_CHANGE, {"changed": changed})
        if before[2] and not instance.is_active:
            end_sessions_of(instance.pk)


def _system_entry(user: User, action: str, details: dict[str, Any]) -> None:
    audit_record(
        user=None,
        username="system",
        action=action,
        obj=user,
        details={"username": user.username, "outside_services": True, **details},
    )


def _remember_officer_link(sender: Any, instance: Any, **kwargs: Any) -> None:
    instance._initial_user_id = instance.user_id if instance.pk else None


def _audit_officer_link(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    from .services import AUDITED_FLAG

    before = getattr(instance, "_initial_user_id", None)
    instance._initial_user_id = instance.user_id
    if getattr(instance, AUDITED_FLAG, False):
        instance.__dict__.pop(AUDITED_FLAG, None)
        return
    if before == instance.user_id or (created and instance.user_id is None):
        return
    for user_id in {before, instance.user_id} - {None}:
        audit_record(
            user=None,
            username="system",
            action=Action.ROLE_CHANGE,
            record_type="accounts.User",
            record_id=user_id,
            details={
                "officer_link": [before, instance.user_id],
                "officer": instance.pk,
                "outside_services": True,
            },
        )


def _audit_device_removed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from .services import AUDITED_FLAG

    if getattr(instance, AUDITED_FLAG, False):
        return
    audit_record(
        user=None,
        username="system",
        action=Action.OTP_DEVICE_REMOVED,
        record_type="accounts.User",
        record_id=instance.user_id,
        details={"device": sender._meta.label, "outside_services": True},
    )


def connect_account_net() -> None:
    """Connect the safety net to the officer link and the two-factor devices (other apps'
    models, so connected once the app registry is ready)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from saferschools.workforce.models import Officer

    post_init.connect(_remember_officer_link, sender=Officer, dispatch_uid="accounts_officer_i")
    post_save.connect(_audit_officer_link, sender=Officer, dispatch_uid="accounts_officer_s")
    for model in (TOTPDevice, StaticDevice):
        post_delete.connect(
            _audit_device_removed, sender=model, dispatch_uid=f"accounts_device_{model.__name__}"
        )


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="accounts_audit_locked_out")
