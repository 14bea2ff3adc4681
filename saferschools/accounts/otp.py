"""Two-factor sign-in with time-based one-time passwords (TOTP, RFC 6238) via django-otp.

Business rules:
- police roles and the system administrator must pass a TOTP code after their password when
  `settings.OTP_REQUIRED_FOR_POLICE` is on (it is, except in the test settings, where tests
  that check it turn it on); the first sign-in without a device goes to set one up;
- school staff (headteacher, safeguarding lead) may sign in with a password alone, or set up a
  device from their account page; once they have one it is required at every sign-in;
- a code is accepted once: django-otp's TOTPDevice keeps the last time-step used (`last_t`) and
  refuses that step and any earlier one, and slows down repeated wrong codes.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from django.conf import settings
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import OTP_REQUIRED_ROLES

DEVICE_NAME = "Authenticator app"


def otp_enforced() -> bool:
    return bool(getattr(settings, "OTP_REQUIRED_FOR_POLICE", True))


def needs_otp(user: Any) -> bool:
    """Must this signed-in user pass a TOTP code before using the service?"""
    if not otp_enforced() or not getattr(user, "is_authenticated", False):
        return False
    return user.role in OTP_REQUIRED_ROLES or user_has_device(user, confirmed=True)


def is_verified(user: Any) -> bool:
    """Has this user passed a TOTP code in this session (False right after the password)?"""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def otp_setup_needed(user: Any) -> bool:
    return not user_has_device(user, confirmed=True)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (made if there is none)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def device_with_secret(user: Any, secret_b32: str) -> TOTPDevice:
    """Give the user exactly one confirmed device with this base32 secret (demo accounts)."""
    padded = secret_b32.upper() + "=" * (-len(secret_b32) % 8)
    key_hex = base64.b32decode(padded).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key_hex, confirmed=True)


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code in an SVG data: URI (the CSP allows img data:)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
