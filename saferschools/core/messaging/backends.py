"""Where messages go: chosen by the MESSAGES_BACKEND setting.

- `outbox` (the embedded default): nothing leaves the machine; each message is kept, readable
  on the outbox page (/outbox/), so a person trying the app sees what would have been sent;
- `email`: Django's e-mail framework (EMAIL_BACKEND, SMTP by default; EMAIL_HOST, EMAIL_PORT,
  EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL from the environment),
  plain text with an HTML alternative. Text messages cannot go this way: they fail, visibly;
- `notify`: GOV.UK Notify (notifications-python-client) for e-mail and text messages, with
  NOTIFY_API_KEY and one e-mail and one text template whose body is ((body)) (and subject
  ((subject))), as Notify requires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings

if TYPE_CHECKING:
    from .models import OutboundMessage


class DeliveryError(Exception):
    """Delivery failed. ``permanent``: retrying cannot help (a refused address, no provider)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Backend(Protocol):
    name: str

    def deliver(self, message: OutboundMessage) -> str | None:
        """Send it; return the provider's id, or None when it was only kept (outbox)."""


class OutboxBackend:
    name = "outbox"

    def deliver(self, message: OutboundMessage) -> str | None:
        return None


class EmailBackend:
    name = "email"

    def deliver(self, message: OutboundMessage) -> str | None:
        import smtplib

        from django.core.mail import EmailMultiAlternatives
        from django.core.mail.message import make_msgid

        if message.channel != message.Channel.EMAIL:
            raise DeliveryError(
                "Text messages need GOV.UK Notify (MESSAGES_BACKEND=notify); e-mail only is "
                "configured.",
                permanent=True,
            )
        msgid = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or None)
        mail = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
            reply_to=[settings.MESSAGES_REPLY_TO] if settings.MESSAGES_REPLY_TO else None,
            headers={"Message-ID": msgid, "X-SaferSchools-Topic": message.topic},
        )
        if message.body_html:
            mail.attach_alternative(message.body_html, "text/html")
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [c for c, _ in exc.recipients.values()]
            raise DeliveryError(
                f"The mail server refused the address ({codes[0] if codes else '?'}).",
                permanent=all(500 <= c < 600 for c in codes),
            ) from exc
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise DeliveryError(
                f"The mail server said {exc.smtp_code} {text}"[:400],
                permanent=500 <= exc.smtp_code < 600,
            ) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"Could not reach the mail server: {exc}"[:400]) from exc
        return msgid


class NotifyBackend:
    name = "notify"

    def deliver(self, message: OutboundMessage) -> str | None:
        from notifications_python_client.errors import HTTPError
        from notifications_python_client.notifications import NotificationsAPIClient

        if not settings.NOTIFY_API_KEY:
            raise DeliveryError("NOTIFY_API_KEY is not set.", permanent=True)
        client = NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
        try:
            if message.channel == message.Channel.SMS:
                response = client.send_sms_notification(
                    phone_number=message.to_address,
                    template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                    personalisation={"body": message.body_text},
                    reference=message.reference or None,
                )
            else:
                response = client.send_email_notification(
                    email_address=message.to_address,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": message.subject, "body": message.body_text},
                    reference=message.reference or None,
                )
        except HTTPError as exc:
            status = getattr(exc, "status_code", 0) or 0
            raise DeliveryError(
                f"GOV.UK Notify said {status}: {exc.message}"[:400],
                permanent=status in (400, 403),
            ) from exc
        except OSError as exc:
            raise DeliveryError(f"Could not reach GOV.UK Notify: {exc}"[:400]) from exc
        return str(response.get("id", ""))


BACKENDS: dict[str, type] = {
    "outbox": OutboxBackend,
    "email": EmailBackend,
    "notify": NotifyBackend,
}


def get_backend(name: str | None = None) -> Backend:
    name = name or settings.MESSAGES_BACKEND
    try:
        return BACKENDS[name]()  # type: ignore[no-any-return]
    except KeyError:
        raise DeliveryError(f"Unknown MESSAGES_BACKEND {name!r}.", permanent=True) from None
