"""District demand: each district's share of the Schools Officers.

Four factors, each turned into the district's share of the force total:

1. **crime** - recorded crimes and incidents: ``sum(count x harm weight)`` over
   police.uk crime types (harm weights from an editable severity table, default 1).
   When no district has recorded crime, the IoD2019 *crime domain* stands in:
   ``sum over the district's LSOAs of (32845 - crime_rank) / 32844``. Each LSOA
   (about 1,500 residents) counts from ~0 (least crime in England) to ~1 (most), so the
   proxy grows both with the district's size and with how crime-deprived it is.
2. **schools** - number of secondary-phase establishments.
3. **deprivation** - half from pupils eligible for free school meals
   (``pupils x PercentageFSM / 100`` summed), half from the IMD of the schools'
   neighbourhoods (``sum over schools of (32845 - imd_rank) / 32844`` of the school's
   LSOA; a school whose LSOA is not in the IoD2019 table - e.g. a 2021-only code - takes
   the mean of its district's LSOAs).
4. **pupils** - number on roll.

``demand share = weighted mean of the factor shares`` (weights :class:`DemandWeights`,
default all 1, deprivation split by ``fsm_fraction``).

Gaps at school level are filled and reported, not fatal: a school without a pupil
count takes the median of its district's schools; a school without PercentageFSM takes
its district's pupil-weighted mean. A *district* with no data for a factor that has a
non-zero weight raises :class:`MissingFactorError`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import MissingFactorError
from .model import (
    IOD2019_LSOA_COUNT,
    DemandWeights,
    District,
    DistrictDemand,
    FactorValue,
    Instance,
    Lsoa,
    School,
)

#: Factor names as they appear in breakdowns and in ``to_dict()``.
FACTOR_CRIME = "crime"
FACTOR_SCHOOLS = "schools"
FACTOR_FSM = "fsm_pupils"
FACTOR_IMD = "imd"
FACTOR_PUPILS = "pupils"

FACTOR_LABELS: dict[str, str] = {
    FACTOR_CRIME: "recorded crime",
    FACTOR_SCHOOLS: "secondary schools",
    FACTOR_FSM: "pupils on free school meals",
    FACTOR_IMD: "neighbourhood deprivation around its schools",
    FACTOR_PUPILS: "pupils",
}


@dataclass(frozen=True)
class SchoolFigures:
    """A school's pupils and FSM pupils after filling gaps (``imputed`` says which)."""

    pupils: float
    fsm_pupils: float
    imputed: tuple[str, ...] = ()


def _deprivation_score(rank: int) -> float:
    """0 (least deprived LSOA in England) .. 1 (most deprived)."""
    return (IOD2019_LSOA_COUNT + 1 - rank) / IOD2019_LSOA_COUNT


def school_figures(instance: Instance) -> tuple[dict[str, SchoolFigures], list[str]]:
    """Each school's pupils and FSM pupils, with documented gap filling.

    Returns the figures by URN and human-readable warnings for every filled gap.
    Raises :class:`MissingFactorError` if no school in the force has a pupil count.
    """
    by_district: dict[str, list[School]] = defaultdict(list)
    for s in instance.schools:
        by_district[s.district].append(s)
    known_all = [s.pupils for s in instance.schools if s.pupils is not None]
    if not known_all and instance.schools:
        raise MissingFactorError(
            "No school has a pupil count (NumberOfPupils), so neither the pupils nor the "
            "free-school-meals factor can be worked out. Load the census figures first."
        )
    force_median = statistics.median(known_all) if known_all else 0.0
    force_fsm = _weighted_fsm(instance.schools)
    figures: dict[str, SchoolFigures] = {}
    warnings: list[str] = []
    for district, schools in by_district.items():
        known = [s.pupils for s in schools if s.pupils is not None]
        median = statistics.median(known) if known else force_median
        fsm_rate = _weighted_fsm(schools)
        if fsm_rate is None:
            fsm_rate = force_fsm if force_fsm is not None else 0.0
        for s in schools:
            imputed: list[str] = []
            pupils: float
            if s.pupils is None:
                pupils = float(median)
                imputed.append("pupils")
                warnings.append(
                    f"{s.name} ({s.urn}) has no pupil count; using the median of "
                    f"district {district}: {pupils:.0f}."
                )
            else:
                pupils = float(s.pupils)
            if s.fsm_percent is None:
                rate = fsm_rate
                imputed.append("fsm_percent")
                warnings.append(
                    f"{s.name} ({s.urn}) has no PercentageFSM; using the district's "
                    f"pupil-weighted mean {rate:.1f}%."
                )
            else:
                rate = s.fsm_percent
            figures[s.urn] = SchoolFigures(pupils, pupils * rate / 100.0, tuple(imputed))
    return figures, warnings


def _weighted_fsm(schools: Sequence[School]) -> float | None:
    pairs = [(s.pupils, s.fsm_percent) for s in schools]
    known = [(p, f) for p, f in pairs if p is not None and f is not None]
    pupils = sum(p for p, _ in known)
    if not known or pupils == 0:
        return None
    return sum(p * f for p, f in known) / pupils


def crime_raw(
    districts: Sequence[District],
    lsoas_by_district: Mapping[str, Sequence[Lsoa]],
    severity: Mapping[str, float],
) -> tuple[dict[str, float], str]:
    """Raw crime factor per district and a note on its source.

    Recorded counts (harm-weighted) when every district has them; the IoD2019 crime
    domain when none has; a mixture is refused (the two are not on one scale).
    """
    with_counts = [d for d in districts if d.recorded_crime is not None]
    if with_counts and len(with_counts) == len(districts):
        raw = {
            d.code: sum(
                count * severity.get(kind, 1.0) for kind, count in (d.recorded_crime or {}).items()
            )
            for d in districts
        }
        return raw, "police-recorded crime, harm-weighted"
    if with_counts:
        missing = ", ".join(d.name for d in districts if d.recorded_crime is None)
        raise MissingFactorError(
            f"Recorded crime is given for some districts but not for: {missing}. Give it "
            "for every district, or for none (then the IoD2019 crime domain is used)."
        )
    raw = {}
    for d in districts:
        lsoas = lsoas_by_district.get(d.code, ())
        if not lsoas:
            raise MissingFactorError(
                f"{d.name} ({d.code}) has no recorded crime and no IoD2019 LSOAs, so its "
                "crime factor cannot be worked out. Add either, or set the crime weight to 0."
            )
        raw[d.code] = sum(_deprivation_score(lsoa.crime_rank) for lsoa in lsoas)
    return raw, "IoD2019 crime domain of the district's LSOAs"


def district_demand(
    instance: Instance,
    weights: DemandWeights | None = None,
    crime_severity: Mapping[str, float] | None = None,
) -> tuple[dict[str, DistrictDemand], list[str]]:
    """Demand share and breakdown of every district, plus warnings.

    See the module docstring for the factors. Shares of one factor sum to 1 over the
    force; the demand shares also sum to 1.
    """
    w = weights or DemandWeights()
    factor_weights = {
        FACTOR_CRIME: w.crime,
        FACTOR_SCHOOLS: w.schools,
        FACTOR_FSM: w.deprivation * w.fsm_fraction,
        FACTOR_IMD: w.deprivation * (1.0 - w.fsm_fraction),
        FACTOR_PUPILS: w.pupils,
    }
    if sum(factor_weights.values()) <= 0 or any(v < 0 for v in factor_weights.values()):
        raise MissingFactorError("Demand weights must be non-negative and not all zero.")
    districts = instance.districts
    lsoas_by_district: dict[str, list[Lsoa]] = defaultdict(list)
    for lsoa in instance.lsoas:
        lsoas_by_district[lsoa.district].append(lsoa)
    lsoa_index = {lsoa.code: lsoa for lsoa in instance.lsoas}
    figures, warnings = school_figures(instance)
    raw: dict[str, dict[str, float]] = {f: {} for f in factor_weights}
    notes: dict[str, list[str]] = {d.code: [] for d in districts}

    if factor_weights[FACTOR_CRIME] > 0:
        raw[FACTOR_CRIME], source = crime_raw(districts, lsoas_by_district, crime_severity or {})
        for d in districts:
            notes[d.code].append(f"crime from {source}")
    schools_in: dict[str, list[School]] = defaultdict(list)
    for s in instance.schools:
        schools_in[s.district].append(s)
    for d in districts:
        mine = schools_in[d.code]
        raw[FACTOR_SCHOOLS][d.code] = float(len(mine))
        raw[FACTOR_PUPILS][d.code] = sum(figures[s.urn].pupils for s in mine)
        raw[FACTOR_FSM][d.code] = sum(figures[s.urn].fsm_pupils for s in mine)
        if factor_weights[FACTOR_IMD] > 0:
            raw[FACTOR_IMD][d.code] = _imd_raw(d, mine, lsoas_by_district, lsoa_index, notes)

    active = {f: wt for f, wt in factor_weights.items() if wt > 0}
    totals = {f: sum(raw[f].values()) for f in active}
    for f, total in totals.items():
        if total <= 0:
            raise MissingFactorError(
                f"The {FACTOR_LABELS[f]} factor is zero for every district; there is "
                "nothing to share out. Check the data or set its weight to 0."
            )
    weight_sum = sum(active.values())
    result: dict[str, DistrictDemand] = {}
    for d in districts:
        factors = {
            f: FactorValue(raw=raw[f][d.code], share=raw[f][d.code] / totals[f]) for f in active
        }
        share = sum(active[f] * factors[f].share for f in active) / weight_sum
        result[d.code] = DistrictDemand(d.code, d.name, share, factors, tuple(notes[d.code]))
    return result, warnings


def _imd_raw(
    district: District,
    schools: Sequence[School],
    lsoas_by_district: Mapping[str, Sequence[Lsoa]],
    lsoa_index: Mapping[str, Lsoa],
    notes: dict[str, list[str]],
) -> float:
    if not schools:
        return 0.0
    own = lsoas_by_district.get(district.code, ())
    fallback = sum(_deprivation_score(lsoa.imd_rank) for lsoa in own) / len(own) if own else None
    total = 0.0
    filled = 0
    for s in schools:
        lsoa = lsoa_index.get(s.lsoa) if s.lsoa else None
        if lsoa is not None:
            total += _deprivation_score(lsoa.imd_rank)
        elif fallback is not None:
            total += fallback
            filled += 1
        else:
            raise MissingFactorError(
                f"{district.name} ({district.code}): school {s.name} ({s.urn}) has no "
                "IoD2019 LSOA and the district has no LSOAs to average, so the IMD part of "
                "deprivation cannot be worked out. Add the IoD2019 LSOAs, or set "
                "DemandWeights.fsm_fraction to 1."
            )
    if filled:
        notes[district.code].append(
            f"{filled} school(s) outside IoD2019 LSOA codes took the district's mean IMD"
        )
    return total


def explain(
    district_name: str,
    demand: DistrictDemand,
    officers: int,
    total_officers: int,
) -> str:
    """One plain-English sentence a headteacher would understand, e.g. "Thanet gets
    8.6% of the officers (6 of 70) for 8.9% of the demand: it has 8.4% of the force's
    secondary schools, 10.2% of pupils on free school meals, ..."."""
    labels = dict(FACTOR_LABELS)
    if any("IoD2019" in note for note in demand.notes):
        labels[FACTOR_CRIME] = "crime (IoD2019 crime domain)"
    order = (FACTOR_SCHOOLS, FACTOR_FSM, FACTOR_PUPILS, FACTOR_IMD, FACTOR_CRIME)
    parts = [f"{demand.factors[f].share:.1%} of {labels[f]}" for f in order if f in demand.factors]
    if parts:
        parts[0] = parts[0].replace(" of ", " of the force's ", 1)
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    got = officers / total_officers if total_officers else 0.0
    return (
        f"{district_name} gets {got:.1%} of the officers ({officers} of {total_officers}) "
        f"for {demand.share:.1%} of the demand: it has {listed}."
    )
