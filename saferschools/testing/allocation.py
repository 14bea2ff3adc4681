"""Builders for tests elsewhere (the authorization matrix): saved plans and scenarios that
need no estate data. Their schools (URNs 99xxxx) are not in the register, so adopting such a
plan is refused and committing its scenario too: walking the URLs changes nobody's schools."""

from __future__ import annotations

import datetime as dt
from typing import Any

from saferschools.allocation import engine as E
from saferschools.allocation import services
from saferschools.allocation.models import Plan, Scenario


def tiny_instance() -> E.Instance:
    districts = (E.District("ZZ1", "Matrixton", "Matrix North"),)
    schools = tuple(
        E.School(f"99{i:04d}", f"Matrix School {i}", "ZZ1", 500000 + 3000 * i, 150000, 900, 20)
        for i in range(1, 5)
    )
    lsoas = (E.Lsoa("ZZ0000001", "ZZ1", 5000, 6000),)
    return E.Instance(districts, schools, 2, 1, lsoas)


def make_plan(by: Any, name: str = "Matrix plan") -> Plan:
    return services.plan_save(
        instance=tiny_instance(), settings=E.PlanSettings(), acting_user=by, name=name
    )


def plan_pair(by: Any) -> tuple[Plan, Plan]:
    return make_plan(by, "Matrix plan A"), make_plan(by, "Matrix plan B")


def scenario_pair(by: Any) -> tuple[Scenario, Scenario]:
    plan = make_plan(by, "Matrix plan for scenarios")
    return tuple(  # type: ignore[return-value]
        services.scenario_create(
            plan=plan,
            start=dt.date(2026, 9, 7),
            end=dt.date(2026, 9, 30) + dt.timedelta(days=i),
            remove_count=1,
            acting_user=by,
        )
        for i in range(2)
    )
