"""Reads of the estate, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from saferschools.accounts.scope import VisibleRecord, schools_visible_to, visible_record

from .models import SECONDARY_PHASE_GROUPS, District, Establishment, LsoaDeprivation


def establishment_list(*, user: Any) -> QuerySet[Establishment]:
    return schools_visible_to(user).select_related(
        "district", "district__division", "named_assignment__officer"
    )


establishment_get: VisibleRecord[Establishment] = visible_record(establishment_list)


@dataclass
class DistrictSummary:
    district: District
    secondary_phase: int
    pupils: int
    schools_total: int


def district_summaries(*, user: Any) -> list[DistrictSummary]:
    visible = schools_visible_to(user)
    secondary = Q(
        establishments__status="Open",
        establishments__school_group__in=SECONDARY_PHASE_GROUPS,
        establishments__in=visible,
    )
    rows = (
        District.objects.filter(establishments__in=visible)
        .select_related("division")
        .annotate(
            n_secondary=Count("establishments", filter=secondary, distinct=True),
            n_total=Count("establishments", distinct=True),
            pupils=Sum("establishments__number_of_pupils", filter=secondary),
        )
        .order_by("division__name", "name")
        .distinct()
    )
    return [
        DistrictSummary(d, d.n_secondary, d.pupils or 0, d.n_total)
        for d in rows
        if d.n_total  # type: ignore[attr-defined]
    ]


def deprivation_for(establishment: Establishment) -> LsoaDeprivation | None:
    if not establishment.lsoa11_code:
        return None
    return LsoaDeprivation.objects.filter(lsoa_code=establishment.lsoa11_code).first()
