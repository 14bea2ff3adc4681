"""Single sign-on for police staff by OpenID Connect (mozilla-django-oidc).

Business rules:
- a force identity signs in to an existing SaferSchools account only; a claim never creates
  an account and never gives or changes a role (the role is what an administrator set);
- the first sign-in maps the identity by its verified e-mail to exactly one active police
  account that has no identity at this provider yet, and pins the provider's subject to it
  (`ExternalIdentity`); later sign-ins map by that subject alone, so a changed e-mail at the
  provider cannot move the identity to someone else's account;
- school staff and the system administrator do not sign in this way (passwords plus
  two-factor remain for them);
- the ID token's issuer, audience and expiry are checked as well as its signature and nonce;
- a refused identity is written to the audit log as a failed sign-in with the reason.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import POLICE_ROLES, Action, Outcome
from saferschools.accounts.middleware import SSO_SESSION_KEY
from saferschools.accounts.models import User

from .models import ExternalIdentity

SSO_ROLES = POLICE_ROLES


def issuer() -> str:
    return str(getattr(settings, "OIDC_OP_ISSUER", "") or "").rstrip("/")


class PoliceOIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        expected = issuer()
        if expected and str(payload.get("iss", "")).rstrip("/") != expected:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is not for this service.")
        if float(payload.get("exp", 0)) < time.time():
            raise SuspiciousOperation("The ID token has expired.")
        self._id_token_claims = payload
        return payload

    def _refuse(self, claims: dict[str, Any], reason: str) -> list[User]:
        audit_record(
            user=None,
            username=str(claims.get("email") or claims.get("sub") or "")[:150],
            action=Action.SIGN_IN_FAILED,
            record_type="accounts.User",
            request=getattr(self, "request", None),
            outcome=Outcome.FAILED,
            details={
                "via": "oidc",
                "issuer": issuer(),
                "subject": str(claims.get("sub", ""))[:255],
                "reason": reason,
            },
        )
        return []

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        subject = str(claims.get("sub") or "")
        token_subject = str(getattr(self, "_id_token_claims", {}).get("sub", subject))
        if not subject or subject != token_subject:
            return self._refuse(claims, "the user information does not match the ID token")
        pinned = (
            ExternalIdentity.objects.select_related("user")
            .filter(issuer=issuer(), subject=subject)
            .first()
        )
        if pinned is not None:
            user = pinned.user
            if not user.is_active:
                return self._refuse(claims, "the account is deactivated")
            if user.role not in SSO_ROLES:
                return self._refuse(claims, "single sign-on is for police staff only")
            return [user]
        email = str(claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is not True:
            return self._refuse(claims, "no pinned identity and no verified e-mail")
        users = list(User.objects.filter(email__iexact=email))
        if len(users) != 1:
            return self._refuse(claims, "no SaferSchools account has this e-mail")
        user = users[0]
        if not user.is_active:
            return self._refuse(claims, "the account is deactivated")
        if user.role not in SSO_ROLES:
            return self._refuse(claims, "single sign-on is for police staff only")
        if ExternalIdentity.objects.filter(user=user, issuer=issuer()).exists():
            return self._refuse(claims, "the account is pinned to another identity")
        return [user]

    def create_user(self, claims: dict[str, Any]) -> None:
        """Never: an identity maps only to an account an administrator made."""
        return None

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Pin the identity (first sign-in) and note its use; the account is not changed."""
        identity, _ = ExternalIdentity.objects.get_or_create(
            issuer=issuer(), subject=str(claims["sub"]), defaults={"user": user}
        )
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["last_used_at"])
        return user


def mark_sso_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """On sign-in through the identity provider, mark the session (two-factor done there)."""
    backend = getattr(user, "backend", "")
    if request is not None and hasattr(request, "session") and backend == settings.OIDC_BACKEND:
        request.session[SSO_SESSION_KEY] = issuer()


def oidc_configured() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


class SignInRedirect(OIDCAuthenticationRequestView):
    """Start a sign-in at the force's identity provider (404 where none is configured)."""

    def get(self, request: Any) -> Any:
        if not oidc_configured():
            raise Http404("Single sign-on is not set up.")
        return super().get(request)


class Callback(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code."""

    def get(self, request: Any) -> Any:
        if not oidc_configured():
            raise Http404("Single sign-on is not set up.")
        return super().get(request)
