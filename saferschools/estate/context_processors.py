from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def area(request: HttpRequest) -> dict[str, Any]:
    """The force whose area is loaded (the page header names it) and whether it is the
    synthetic demo area (every page then says so)."""
    from .models import Force

    force = Force.objects.order_by("id").first()
    return {"area_force": force, "area_is_synthetic": bool(force and force.is_synthetic)}
