"""The real Kent & Medway plan for the rostering bench, without a database.

Makes the plan from the real public extracts with the allocation engine directly (as
`bench/allocation.py` does: GIAS Kent & Medway, IoD2019, Kent Police areas; 70 constables, 6
sergeants) and turns it into a rostering :class:`~.engine.Instance`
(:func:`roster_instance_from_plan`). Free of Django. In the database a plan reaches the
workforce tables only through allocation's adoption (`allocation.services.plan_adopt`).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from saferschools.allocation.engine import Instance as PlanInstance
from saferschools.allocation.engine import PlanSettings, loaders, plan
from saferschools.allocation.engine import Solution as PlanSolution

from . import engine as E

REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return Path(os.environ.get("SHARED_DATA_DIR", REPO.parent / "shared" / "data"))


def _rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def kent_plan_instance(data: Path | None = None) -> PlanInstance:
    data = data or data_dir()
    districts = loaders.districts_from_force_areas(_rows(data / "force/kent_police_areas.csv"))
    codes = {d.code for d in districts}
    gias = _rows(data / "gias/edubase_kent_medway_20250524.csv", "cp1252")

    def district_of(r: Any) -> str | None:
        code = r["DistrictAdministrative (code)"].strip()
        return code if code in codes else None

    schools, _ = loaders.schools_from_gias(gias, district_of)
    lsoas = loaders.lsoas_from_iod2019(
        _rows(data / "iod2019/iod2019_ranks_deciles_kent_medway_lsoa.csv")
    )
    return PlanInstance(tuple(districts), tuple(schools), 70, 6, tuple(lsoas))


def kent_plan(
    data: Path | None = None, time_limit_s: float = 5.0
) -> tuple[PlanInstance, PlanSolution]:
    inst = kent_plan_instance(data)
    return inst, plan(inst, PlanSettings(time_limit_s=time_limit_s, num_workers=2))


def sergeant_ids(solution: PlanSolution) -> dict[str, list[str]]:
    """Sergeant ids per division (``PS-<division>-<n>``), as many as the plan places."""
    return {
        s.division: [f"PS-{s.division}-{k + 1}" for k in range(s.sergeants)]
        for s in solution.sergeants
    }


def roster_instance_from_plan(
    plan_instance: PlanInstance,
    solution: PlanSolution,
    start: dt.date,
    weeks: int,
    *,
    staggered_leave: bool = False,
) -> E.Instance:
    """The rostering instance of the plan's officers and schools, with the standard calendar.

    ``staggered_leave`` gives every officer one Monday-Friday week of annual leave, staggered
    across each district's team (a realistic summer), else there are no absences.
    """
    end = start + dt.timedelta(days=7 * weeks - 1)
    divisions = {d.code: d.division for d in plan_instance.districts}
    names = {d.code: d.name for d in plan_instance.districts}
    used = sorted({p.district for p in solution.officers})
    officers = [
        E.Officer(p.officer, f"PC {p.officer}", E.Rank.CONSTABLE, divisions[p.district], p.district)
        for p in solution.officers
    ]
    for division, ids in sergeant_ids(solution).items():
        officers.extend(E.Officer(i, i, E.Rank.SERGEANT, division) for i in ids)
    schools = tuple(
        E.School(urn, solution.school_names[urn], solution.school_districts[urn], officer)
        for urn, officer in sorted(solution.assignment.items())
        if solution.school_districts[urn] in used
    )
    absences: list[E.Absence] = []
    if staggered_leave:
        teams: dict[str, list[E.Officer]] = defaultdict(list)
        for o in officers:
            teams[o.district_id or f"sergeants:{o.division}"].append(o)
        for team in teams.values():
            for k, o in enumerate(team):
                week = (k * max(1, weeks // len(team)) + len(team)) % weeks
                absences.extend(
                    E.Absence(o.id, start + dt.timedelta(days=7 * week + d)) for d in range(5)
                )
    return E.Instance(
        start=start,
        end=end,
        districts=tuple(E.District(c, names[c], divisions[c]) for c in used),
        schools=schools,
        officers=tuple(officers),
        calendar=E.standard_english_school_calendar(start, end),
        absences=tuple(absences),
    )
