"""The administrator manages the Encompass team and local authority contacts; notifications
themselves (children's records) are never shown in the admin."""

from django.contrib import admin

from .models import LocalAuthorityContact, TeamMember


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    """Read-only: membership lets a person read every school's notifications, a grant that
    needs a second person (decision 180); it is not made from the admin."""

    list_display = ["user", "is_lead", "added_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(LocalAuthorityContact)
class LocalAuthorityContactAdmin(admin.ModelAdmin):
    list_display = ["la_name", "la_code", "email", "phone"]
    search_fields = ["la_name", "la_code"]
