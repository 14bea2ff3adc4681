"""`{% school_cover school %}`: on a school's page, who covers today while the named officer
is away, and (for a primary school) the officer it is attached to as a secondary duty."""

from __future__ import annotations

from typing import Any

from django import template

from saferschools.allocation.selectors import school_officers

register = template.Library()


@register.inclusion_tag("allocation/_school_cover.html")
def school_cover(school: Any) -> dict[str, Any]:
    return school_officers(school)
