"""Sign-in events into the audit log, and ending a disabled account's sessions at once."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from .audit import audit_record
from .choices import Action, Outcome
from .middleware import SESSION_SEEN, SESSION_STARTED
from .models import User


@receiver(user_logged_in, dispatch_uid="accounts_audit_sign_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now
    audit_record(
        user=user,
        action=Action.SIGN_IN,
        record_type="accounts.User",
        record_id=user.pk,
        request=request,
    )


@receiver(user_logged_out, dispatch_uid="accounts_audit_sign_out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    reason = getattr(request, "_saferschools_signout_reason", "") if request else ""
    audit_record(
        user=user,
        action=Action.SIGN_OUT,
        record_type="accounts.User",
        record_id=user.pk,
        request=request,
        details={"reason": reason} if reason else None,
    )


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
    """Delete every live session that belongs to the user. Returns how many."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()
            ended += 1
    return ended


@receiver(pre_save, sender=User, dispatch_uid="accounts_remember_active")
def _remember_active(sender: Any, instance: User, **kwargs: Any) -> None:
    if instance.pk is None:
        instance._was_active = instance.is_active
        return
    instance._was_active = (
        User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


@receiver(post_save, sender=User, dispatch_uid="accounts_end_sessions_on_disable")
def _end_sessions_on_disable(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if not created and getattr(instance, "_was_active", False) and not instance.is_active:
        end_sessions_of(instance.pk)


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="accounts_audit_locked_out")
