from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    from saferschools.estate.models import Force

    force = Force.objects.order_by("id").first()
    return {
        "service_name": "SaferSchools",
        "area_force": force,
        "area_is_synthetic": bool(force and force.is_synthetic),
    }
