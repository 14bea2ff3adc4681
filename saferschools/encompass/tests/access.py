"""Operation Encompass rows of the authorization matrix (`accounts/tests/access_table.py`).

Inside the users' scope: a notification to `school_in` (the schools officer is its named
officer; the safeguarding lead is its school's) recorded by the inspector. Outside: one to
`school_out`, also recorded by the inspector, who therefore sees both; nobody else sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _notifications(world: Any) -> tuple[Any, Any]:
    from django.utils import timezone

    from saferschools.accounts.choices import Role

    from .helpers import child_not_present, record

    def one(school: Any, ref: str) -> Any:
        return record(
            world.users[Role.INSPECTOR],
            [child_not_present(school, "Matrix")],
            at=timezone.now() - dt.timedelta(days=1),
            ref=ref,
        )[0]

    return one(world.school_in, "MATRIX-IN"), one(world.school_out, "MATRIX-OUT")


def access_rows() -> tuple[dict[str, Any], dict[str, Any]]:
    from saferschools.accounts.choices import Role
    from saferschools.accounts.tests.access_table import Kind, allow

    readers = (Role.SCHOOLS_OFFICER, Role.DSL, Role.INSPECTOR)
    kinds = {"encompass_notification": Kind(_notifications, everywhere=frozenset({Role.INSPECTOR}))}
    rows = {
        "encompass:queue": allow(Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR, Role.DSL),
        "encompass:record": allow(Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR),
        "encompass:figures": allow(Role.INSPECTOR, Role.COORDINATOR, Role.SERGEANT),
        "encompass:detail": allow(*readers, needs="encompass_notification"),
        "encompass:acknowledge": allow(
            Role.DSL, needs="encompass_notification", method="post", data={}
        ),
    }
    return rows, kinds
