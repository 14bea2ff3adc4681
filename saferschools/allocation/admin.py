from django.contrib import admin

from .models import CrimeSeverity


@admin.register(CrimeSeverity)
class CrimeSeverityAdmin(admin.ModelAdmin):
    list_display = ["crime_type", "weight"]
    list_editable = ["weight"]
    search_fields = ["crime_type"]
