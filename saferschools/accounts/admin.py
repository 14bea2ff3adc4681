"""The admin site for accounts: the system administrator manages accounts (never casework);
the audit log is read-only here and on /audit/."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .choices import Role
from .models import AuditEntry, User


def _is_sysadmin(request: Any) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.SYSADMIN)


@admin.register(User)
class SaferSchoolsUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "school", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("SaferSchools", {"fields": ("role", "school", "must_change_password")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("SaferSchools", {"fields": ("role", "school")}),
    )
    raw_id_fields = ("school",)

    def has_module_permission(self, request: Any) -> bool:
        return _is_sysadmin(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_sysadmin(request)

    def has_add_permission(self, request: Any) -> bool:
        return _is_sysadmin(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_sysadmin(request)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # disable accounts instead: the audit log keeps naming them


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = (
        "seq",
        "at",
        "username",
        "role",
        "action",
        "record_type",
        "record_id",
        "outcome",
    )

    def has_module_permission(self, request: Any) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
