"""Sending messages (services write; the outbox page and delivery lists read selectors.py).

The public API other apps call:

- `message_send(...)`: record one e-mail or text message and queue its delivery;
- `invitation_send(...)`: an account invitation (the people section calls this);
- `letter_to_school_send(...)`: a letter to a school's headteacher at the school's contact
  address, whether or not the school has an account here;
- `public_reply_send(...)`: a reply to a member of the public, to the address they gave;
- `core.services.notify(...)`: in-app alerts, e-mailed per the person's preference.

Delivery (`message_deliver`, run by the queue) tries the configured backend; a failure that
may pass (the mail server is down, a 4xx reply, Notify busy) is retried with exponential
backoff (MESSAGES_RETRY_SECONDS × 2^(attempt−1), up to MESSAGES_MAX_ATTEMPTS attempts); a
permanent one (an address refused, no provider for texts) fails at once. A failed message is
shown to whoever sent it, in their inbox and on the record's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .backends import DeliveryError, get_backend
from .models import OutboundMessage


def _user(x: Any) -> Any:
    return x if getattr(x, "pk", None) else None


def absolute(path: str) -> str:
    """A link in a message: the site's address (SITE_URL) and the path."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def message_send(
    *,
    to: str,
    subject: str,
    text: str,
    topic: str,
    html: str = "",
    channel: str = OutboundMessage.Channel.EMAIL,
    to_name: str = "",
    recipient: Any = None,
    sent_by: Any = None,
    record_type: str = "",
    record_id: Any = "",
    reference: str = "",
) -> OutboundMessage:
    """Record a message and queue its delivery once the current transaction commits.

    Callers compose ``text`` (and ``html``) from their own templates; about a child they say
    there is something to read and link to it, and never copy casework free text.
    With no address, the message is recorded as failed at once (the sender sees why)."""
    to = (to or "").strip()
    msg = OutboundMessage.objects.create(
        channel=channel,
        to_address=to,
        to_name=to_name[:200],
        recipient=_user(recipient),
        subject=subject[:200],
        body_text=text,
        body_html=html,
        topic=topic[:60],
        record_type=record_type[:60],
        record_id=str(record_id or "")[:40],
        reference=reference[:40],
        sent_by=_user(sent_by),
        backend=settings.MESSAGES_BACKEND,
    )
    if not to:
        _fail(msg, "No address to send it to: record one and send it again.")
        return msg
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        transaction.on_commit(lambda: message_deliver(msg.pk))
    else:
        transaction.on_commit(lambda: _enqueue(msg.pk))
    return msg


def _enqueue(message_id: int, countdown: float = 0) -> None:
    from saferschools.core.tasks import deliver_message_task

    deliver_message_task.apply_async((message_id,), countdown=countdown or None)


def backoff_seconds(attempt: int) -> float:
    """Wait before attempt ``attempt + 1``: MESSAGES_RETRY_SECONDS doubled each time."""
    return float(settings.MESSAGES_RETRY_SECONDS) * 2 ** max(0, attempt - 1)


def message_deliver(message_id: int) -> OutboundMessage | None:
    """Try to deliver one message now (the queue's task calls this). Retries are queued with
    their backoff; in eager mode (tests) they run at once, one after another."""
    with transaction.atomic():
        msg = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if msg is None or msg.is_final:
            return msg
        msg.attempts += 1
        msg.save(update_fields=["attempts"])
    try:
        provider_id = get_backend(msg.backend or None).deliver(msg)
    except DeliveryError as exc:
        if exc.permanent or msg.attempts >= settings.MESSAGES_MAX_ATTEMPTS:
            _fail(msg, str(exc))
            return msg
        wait = backoff_seconds(msg.attempts)
        msg.state = OutboundMessage.State.RETRYING
        msg.last_error = str(exc)[:500]
        msg.next_attempt_at = timezone.now() + dt.timedelta(seconds=wait)
        msg.save(update_fields=["state", "last_error", "next_attempt_at"])
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            return message_deliver(msg.pk)
        _enqueue(msg.pk, countdown=wait)
        return msg
    now = timezone.now()
    if provider_id is None:
        msg.state = OutboundMessage.State.OUTBOX
    else:
        msg.state = OutboundMessage.State.SENT
        msg.provider_id = provider_id[:200]
    msg.sent_at = now
    msg.next_attempt_at = None
    msg.save(update_fields=["state", "provider_id", "sent_at", "next_attempt_at"])
    return msg


def _fail(msg: OutboundMessage, error: str) -> None:
    """Give up on ``msg`` and tell whoever sent it (in their inbox, once)."""
    msg.state = OutboundMessage.State.FAILED
    msg.last_error = error[:500]
    msg.next_attempt_at = None
    msg.failure_reported_at = timezone.now()
    msg.save(update_fields=["state", "last_error", "next_attempt_at", "failure_reported_at"])
    if msg.sent_by_id is None:
        return
    from saferschools.core.models import Notification

    # In the inbox only: e-mailing a delivery failure could fail the same way.
    Notification.objects.create(
        recipient_id=msg.sent_by_id,
        kind=Notification.Kind.ALERT,
        subject=f"Not delivered: {msg.subject}"[:200],
        body=f"{msg.get_channel_display()} to {msg.to_name or 'the recipient'} could not be "
        f"delivered after {msg.attempts} attempt(s): {msg.last_error}",
        link=f"/outbox/{msg.pk}/",
        topic="messages.failed",
    )


def message_retry(*, message: OutboundMessage, acting_user: Any) -> OutboundMessage:
    """Try a failed message again (its sender or an administrator), e.g. after the school's
    address was corrected. A fresh copy goes to the address recorded now, when given."""
    from django.core.exceptions import PermissionDenied

    if message.sent_by_id != getattr(acting_user, "pk", None) and not getattr(
        acting_user, "is_staff", False
    ):
        raise PermissionDenied("Only the sender or an administrator can send it again.")
    if message.state != OutboundMessage.State.FAILED:
        return message
    OutboundMessage.objects.filter(pk=message.pk).update(
        state=OutboundMessage.State.QUEUED, attempts=0, last_error="", failure_reported_at=None
    )
    message.refresh_from_db()
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        transaction.on_commit(lambda: message_deliver(message.pk))
    else:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


# --------------------------------------------------------------------------- composed messages


def _render(name: str, context: dict[str, Any]) -> tuple[str, str]:
    ctx = {"service_name": "SaferSchools", "site_url": settings.SITE_URL, **context}
    text = render_to_string(f"core/messages/{name}.txt", ctx).strip() + "\n"
    html = render_to_string(f"core/messages/{name}.html", ctx)
    return text, html


def alert_email_send(*, user: Any, subject: str, link: str, topic: str) -> OutboundMessage:
    """One alert to one person, by e-mail: what happened and a link; never the record's text."""
    text, html = _render("alert", {"user": user, "subject": subject, "link": absolute(link)})
    return message_send(
        to=user.email,
        to_name=user.get_full_name() or user.username,
        recipient=user,
        subject=subject,
        text=text,
        html=html,
        topic=topic or "alert",
    )


def alerts_digest_send(*, user: Any, notifications: list[Any]) -> OutboundMessage:
    """The day's alerts for one person in one e-mail: subjects and links only."""
    items = [{"subject": n.subject, "link": absolute(n.link or "/inbox/")} for n in notifications]
    text, html = _render("digest", {"user": user, "items": items, "inbox": absolute("/inbox/")})
    return message_send(
        to=user.email,
        to_name=user.get_full_name() or user.username,
        recipient=user,
        subject=f"SaferSchools: {len(items)} alert(s) since yesterday",
        text=text,
        html=html,
        topic="alerts.digest",
    )


def invitation_send(
    *,
    email: str,
    name: str,
    link: str,
    invited_by: Any,
    role_label: str = "",
    expires_at: dt.datetime | None = None,
    user: Any = None,
) -> OutboundMessage:
    """E-mail an account invitation. ``link`` is the one-time sign-up address (absolute, or a
    path on this site); ``invited_by`` is told if it cannot be delivered. For the people
    section (issue 14): call it inside the transaction that creates the invitation."""
    text, html = _render(
        "invitation",
        {
            "name": name,
            "link": absolute(link),
            "inviter": invited_by.get_full_name() if _user(invited_by) else "",
            "role_label": role_label,
            "expires_at": expires_at,
        },
    )
    return message_send(
        to=email,
        to_name=name,
        recipient=user,
        subject="You are invited to SaferSchools",
        text=text,
        html=html,
        topic="accounts.invitation",
        sent_by=invited_by,
        record_type="accounts.User" if _user(user) else "",
        record_id=getattr(user, "pk", "") or "",
    )


def letter_to_school_send(
    *,
    school: Any,
    subject: str,
    letter: str,
    topic: str,
    sent_by: Any,
    about: models.Model | None = None,
) -> OutboundMessage:
    """A letter to the headteacher at the school's contact address (recorded by the force or
    the school), whether or not anyone at the school has an account. ``letter`` is the letter's
    text (about officers and dates; never about a child); ``about``, the record it is sent for
    (the school unless given). With no address recorded the message is kept as failed and the
    sender is told to record one."""
    about = about or school
    text, html = _render(
        "letter",
        {
            "school": school,
            "headteacher": school.headteacher_name,
            "letter": letter,
            "school_link": absolute(f"/schools/{school.pk}/"),
        },
    )
    return message_send(
        to=school.contact_email,
        to_name=(f"{school.headteacher_name}, " if school.headteacher_name else "Headteacher, ")
        + school.name,
        subject=subject,
        text=text,
        html=html,
        topic=topic,
        sent_by=sent_by,
        record_type=about._meta.label,
        record_id=about.pk,
        reference=f"URN {school.urn}",
    )


def public_reply_send(
    *,
    reference: str,
    reply: str,
    email: str = "",
    phone: str = "",
    name: str = "",
    officer_name: str = "",
    school_name: str = "",
    sent_by: Any,
    about: models.Model,
) -> list[OutboundMessage]:
    """Send an officer's reply to a member of the public at the address they gave (e-mail if
    they gave one, a text message if they gave a phone number; both if both), with their
    reference; ``about`` is the record replied on. Only the officer's reply is sent: never the
    message they wrote to us."""
    ctx = {
        "reference": reference,
        "reply": reply,
        "name": name,
        "officer_name": officer_name,
        "school_name": school_name,
    }
    out = []
    subject = f"Reply to your message {reference} to your school's police officer"
    common = {
        "to_name": name,
        "topic": "frontdoor.reply",
        "sent_by": sent_by,
        "record_type": about._meta.label,
        "record_id": about.pk,
        "reference": reference,
        "subject": subject,
    }
    if email:
        text, html = _render("public_reply", ctx)
        out.append(message_send(to=email, text=text, html=html, **common))
    if phone:
        sms = render_to_string("core/messages/public_reply_sms.txt", ctx).strip()
        out.append(message_send(to=phone, text=sms, channel=OutboundMessage.Channel.SMS, **common))
    return out
