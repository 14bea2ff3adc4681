"""The administrator manages the Encompass team and local authority contacts; notifications
themselves (children's records) are never shown in the admin."""

from django.contrib import admin

from .models import LocalAuthorityContact, TeamMember


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "is_lead", "added_at"]
    autocomplete_fields: list[str] = []


@admin.register(LocalAuthorityContact)
class LocalAuthorityContactAdmin(admin.ModelAdmin):
    list_display = ["la_name", "la_code", "email", "phone"]
    search_fields = ["la_name", "la_code"]
