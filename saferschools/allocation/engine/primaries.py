"""Primary schools as a secondary duty: each goes to the officer of its nearest
secondary-phase school (straight-line distance; ties by URN)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .assignment import distance_km
from .model import School


def attach_primaries(
    primaries: Sequence[School],
    secondaries: Sequence[School],
    assignment: Mapping[str, str],
) -> dict[str, tuple[str, str]]:
    """URN of each primary -> (URN of nearest secondary, that school's officer).

    Only secondaries present in ``assignment`` are considered.
    """
    served = [s for s in secondaries if s.urn in assignment]
    if not served:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for p in primaries:
        nearest = min(served, key=lambda s: (distance_km(p, s), s.urn))
        out[p.urn] = (nearest.urn, assignment[nearest.urn])
    return out
