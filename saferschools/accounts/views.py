"""Sign-in, two-factor, password change, the administrator's account pages."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .audit import audit_record
from .authentication import idle_limit
from .choices import Action, Role
from .forms import NewPasswordForm, SignInForm, TokenForm
from .models import ApiToken, User
from .otp import (
    base32_secret,
    confirmed_device,
    is_verified,
    needs_otp,
    pending_device,
    qr_data_uri,
)
from .permissions import role_required
from .scope import can_see_children, schools_visible_to


def _next_url(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        # Single sign-on for police staff (people/oidc.py), when a provider is configured.
        context["sso_name"] = (
            settings.OIDC_PROVIDER_NAME if getattr(settings, "OIDC_RP_CLIENT_ID", "") else ""
        )
        context["sso_refused"] = self.request.GET.get("sso") == "refused"
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        user = self.request.user
        if needs_otp(user) and not is_verified(user):
            target = "accounts:otp_verify" if confirmed_device(user) else "accounts:otp_setup"
            return reverse(target) + "?" + urlencode({"next": url})
        return url


class SignOutView(auth_views.LogoutView):
    pass


def _finish_otp(request: HttpRequest, device: TOTPDevice, action: str) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id once fully signed in
    audit_record(
        user=request.user,
        action=action,
        record_type="accounts.User",
        record_id=request.user.pk,
        request=request,
    )
    return HttpResponseRedirect(_next_url(request))


#: From this many wrong codes in a row the page says how long to wait (django-otp doubles the
#: wait after each wrong code: 1, 2, 4, 8 ... seconds with OTP_TOTP_THROTTLE_FACTOR = 1).
OTP_TOO_MANY = 3


def _otp_wait_seconds(device: TOTPDevice) -> int:
    """Seconds until django-otp accepts another code from this device (0: it would now)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    from django.utils import timezone

    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect(reverse("accounts:otp_setup") + "?" + request.GET.urlencode())
    form = TokenForm(request.POST or None)
    wait = _otp_wait_seconds(device)
    if request.method == "POST" and form.is_valid() and wait:
        form.add_error("token", f"Too many wrong codes. Wait {wait} seconds, then try again")
    elif request.method == "POST" and form.is_valid():
        verified = verify_token(request.user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            return _finish_otp(request, verified, Action.OTP_VERIFIED)
        audit_record(
            user=request.user,
            action=Action.OTP_FAILED,
            record_type="accounts.User",
            record_id=request.user.pk,
            request=request,
            outcome="failed",
        )
        device.refresh_from_db()
        wait = _otp_wait_seconds(device)
        if device.throttling_failure_count >= OTP_TOO_MANY:
            form.add_error(
                "token",
                f"That code is not right, and {device.throttling_failure_count} wrong codes "
                f"in a row is too many. Wait {wait} seconds, then try again",
            )
        else:
            form.add_error(
                "token",
                "That code is not right, or was used already. Wait for a new code and try again",
            )
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request, ""), "page_title": "Enter your code"},
    )


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        # A device exists: setting up another needs an administrator to reset it first.
        return redirect(reverse("accounts:otp_verify") + "?" + request.GET.urlencode())
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(form.cleaned_data["token"]):
                locked.confirmed = True
                locked.save(update_fields=["confirmed"])
                messages.success(request, "Two-factor sign-in is set up.")
                return _finish_otp(request, locked, Action.OTP_ENROLLED)
        form.add_error("token", "That code is not right. Check the key you typed, then try again")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "secret": base32_secret(device),
            "qr": qr_data_uri(device),
            "next": _next_url(request, ""),
            "page_title": "Set up two-factor sign-in",
        },
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST" and request.POST.get("action") == "token":
        _token, new_key = services.api_token_issue(acting_user=request.user, request=request)
    elif request.method == "POST" and request.POST.get("action") == "revoke_token":
        for live in ApiToken.objects.filter(user=request.user, revoked_at__isnull=True):
            services.api_token_revoke(acting_user=request.user, token=live, request=request)
        messages.success(request, "Your API token is revoked.")
        return redirect("accounts:account")
    token = (
        ApiToken.objects.filter(
            user=request.user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            "has_device": confirmed_device(request.user) is not None,
            "needs_otp": needs_otp(request.user),
            "schools": schools_visible_to(request.user).count(),
            "can_see_children": can_see_children(request.user),
            "token": token,
            "new_key": new_key,
            "token_idle_minutes": int(idle_limit().total_seconds() // 60),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"page_title": "Change your password"}

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            user = self.request.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            audit_record(
                user=user,
                action=Action.PASSWORD_CHANGE,
                record_type="accounts.User",
                record_id=user.pk,
                request=self.request,
            )
        messages.success(self.request, "Your password has been changed.")
        return response


# ------------------------------------------------------------ system administrator's pages
# The people section (`/people/`) is the one place to manage accounts. The old list and
# account pages send the administrator there (301, the search kept); `user_action` stays for
# what still posts to it, and goes back to the person's page.

#: Where a temporary password waits, for one page view, to be shown to the administrator.
TEMPORARY_PASSWORD_KEY = "ss_temp_password"


def temporary_password_keep(request: HttpRequest, user: User, password: str) -> None:
    """Keep the temporary password for the next view of this person's page (only theirs)."""
    request.session[TEMPORARY_PASSWORD_KEY] = {"user": user.pk, "password": password}


def temporary_password_take(request: HttpRequest, user: User) -> str | None:
    """The temporary password just set for this person, once; None on any other page."""
    kept = request.session.get(TEMPORARY_PASSWORD_KEY)
    if not isinstance(kept, dict) or kept.get("user") != user.pk:
        return None
    del request.session[TEMPORARY_PASSWORD_KEY]
    return str(kept["password"])


@role_required(Role.SYSADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    """Moved: the people list, with the same search (name or username, role)."""
    query = {k: v for k, v in request.GET.items() if k in ("q", "role", "page") and v}
    url = reverse("people:person_list") + (f"?{urlencode(query)}" if query else "")
    return HttpResponsePermanentRedirect(url)


@role_required(Role.SYSADMIN)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Moved: the person's page in the people section."""
    return HttpResponsePermanentRedirect(reverse("people:person_detail", args=[pk]))


@require_POST
@role_required(Role.SYSADMIN)
def user_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Reset password, disable, enable, reset two-factor, unlock: each through the accounts
    services (which refuse a change to one's own account) and each audited; then the person's
    page in the people section."""
    subject = User.objects.filter(pk=pk).first()
    if subject is None:
        from django.http import Http404

        raise Http404("No such account.")
    what = request.POST.get("action", "")
    try:
        if what == "reset_password":
            temporary_password_keep(
                request,
                subject,
                services.user_password_reset(
                    acting_user=request.user, user=subject, request=request
                ),
            )
            messages.success(request, f"A temporary password was set for {subject.username}.")
        elif what == "disable":
            services.user_deactivate(acting_user=request.user, user=subject, request=request)
            messages.success(request, f"{subject.username} is disabled and signed out everywhere.")
        elif what == "enable":
            pending = services.user_activate(
                acting_user=request.user, user=subject, request=request
            )
            if pending is None:
                messages.success(request, f"{subject.username} is enabled.")
            else:
                messages.success(
                    request,
                    f"Enabling {subject.username} gives access to children's records: it waits "
                    "for a second person to approve it.",
                )
        elif what == "reset_otp":
            services.user_otp_reset(acting_user=request.user, user=subject, request=request)
            messages.success(request, f"{subject.username} will set up two-factor again.")
        elif what == "unlock":
            services.user_unlock(acting_user=request.user, user=subject, request=request)
            messages.success(request, f"{subject.username} is unlocked.")
        else:
            messages.error(request, "Choose an action.")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:person_detail", pk=subject.pk)
