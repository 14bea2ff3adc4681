"""Home panel for everyone signed in: find a school, and the districts with their
secondary-phase schools (see `core.home`).

Business rule: districts outside the force (a school the register lists under the force's
local authorities but sited elsewhere) are a note under the table, not rows of it.
"""

from __future__ import annotations

from typing import Any

from saferschools.core.home import register_panel

from . import selectors


@register_panel("estate.districts", roles=None, order=1000)
def districts(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    summaries = selectors.district_summaries(user=user)
    in_force = [d for d in summaries if d.district.division_id is not None]
    outside = [d for d in summaries if d.district.division_id is None] if in_force else []
    return {"districts": in_force or summaries, "outside_districts": outside}
