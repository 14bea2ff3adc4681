from django.contrib import admin

from .models import (
    Absence,
    BankHoliday,
    Contract,
    Roster,
    RosterRules,
    RosterShift,
    SchoolClosure,
    SchoolYear,
    ShiftType,
    TermPeriod,
)


class TermPeriodInline(admin.TabularInline):
    model = TermPeriod
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "note"]
    inlines = [TermPeriodInline]


@admin.register(BankHoliday)
class BankHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]


@admin.register(SchoolClosure)
class SchoolClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "establishment", "reason"]
    raw_id_fields = ["establishment"]


@admin.register(ShiftType)
class ShiftTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "start",
        "end",
        "school_hours",
        "youth_cover",
        "late",
        "is_active",
    ]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["officer", "max_days_per_week", "max_hours_per_week", "fixed_days_off"]
    raw_id_fields = ["officer"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["officer", "start", "end", "reason", "note"]
    list_filter = ["reason"]
    raw_id_fields = ["officer"]


@admin.register(RosterRules)
class RosterRulesAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return not RosterRules.objects.exists()


@admin.register(Roster)
class RosterAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "solve_status",
        "gap",
        "seconds",
        "violations",
        "created_at",
    ]
    list_filter = ["status", "scope"]
    readonly_fields = ["document"]
    #: Read as a roster is: what it covers, its state and document, then the solver's figures
    #: (the fields of the abstract `SolveOutcome` would otherwise come first).
    fieldsets = [
        ("Covers", {"fields": ["scope", "division", "sergeant", "start", "end", "weeks"]}),
        ("State", {"fields": ["status", "version", "previous", "reason", "document"]}),
        ("Solver", {"fields": ["solve_status", "objective", "bound", "gap", "seconds"]}),
        ("Checks and history", {"fields": ["violations", "created_by", "published_at"]}),
    ]


@admin.register(RosterShift)
class RosterShiftAdmin(admin.ModelAdmin):
    list_display = ["roster", "officer", "date", "shift_code", "start", "end"]
    raw_id_fields = ["roster", "officer"]
