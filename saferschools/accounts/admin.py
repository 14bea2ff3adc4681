"""The Django admin, limited to what the system administrator needs: looking accounts up and
correcting a name or an email address.

Business rules:
- role, school, officer link, activation and two-factor change only through the accounts
  services (the account pages and the people pages), which refuse self-change, ask a second
  person for a grant and audit every change. Here they are read-only;
- `is_superuser`, `is_staff`, groups and model permissions are in no form at all;
- the admin never shows a child's record: no casework or engagement model is registered, and
  the audit log (whose entries name records) is read on /audit/ by the inspector, not here;
- setting someone's password is not offered (the account page's reset gives a one-time
  temporary password, ends the sessions and is audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpRequest

from .choices import Role
from .models import User


def _is_sysadmin(request: Any) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.SYSADMIN)


@admin.register(User)
class SaferSchoolsUserAdmin(admin.ModelAdmin):
    list_display = ("username", "first_name", "last_name", "role", "school", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
        (
            "Access (change it on the account's page: a grant needs a second person)",
            {"fields": ("role", "school", "is_active", "must_change_password")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "username",
        "role",
        "school",
        "is_active",
        "must_change_password",
        "last_login",
        "date_joined",
    )

    def has_module_permission(self, request: Any) -> bool:
        return _is_sysadmin(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_sysadmin(request)

    def has_add_permission(self, request: Any) -> bool:
        return False  # accounts are created on the people pages (accounts.services.user_create)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_sysadmin(request)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # disable accounts instead: the audit log keeps naming them

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f for _, opts in self.fieldsets for f in opts["fields"]]


# Not needed by the administrator, and each a way around the rules above: groups carry model
# permissions; the two-factor device pages show a device's secret; the token page shows keys.
for _model in (Group,):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


def _unregister_elsewhere() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import TokenProxy

    for model in (TOTPDevice, StaticDevice, TokenProxy):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_elsewhere()
