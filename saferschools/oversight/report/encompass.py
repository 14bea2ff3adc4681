"""Operation Encompass: notifications before the next school day, by district."""

from __future__ import annotations

from ..periods import Month, Window
from ..tables import cross_table
from .base import Section


def section(month: Month, window: Window, public: bool) -> Section:
    """Operation Encompass: the statutory measure, notifications made before the start of the
    next school day, by district (counts under the report's disclosure control)."""
    from saferschools.encompass.selectors import month_counts

    sec = Section(
        "encompass",
        "Operation Encompass",
        intro=[
            "When the police attend a domestic abuse incident in which a child may be a victim, "
            "the child's school is told before the start of the next school day (Victims and "
            "Prisoners Act 2024). Counted by the month of the incident."
        ],
    )
    groups = month_counts(month.year, month.month, by="district")
    if not groups:
        sec.notes.append(f"No Operation Encompass notifications for incidents in {month.label}.")
        return sec
    sec.tables.append(
        cross_table(
            key="encompass-month",
            title=f"Operation Encompass notifications, {month.label}",
            row_header="District",
            row_labels=[g.label for g in groups],
            col_labels=["Before the next school day", "Late or not yet made"],
            counts=[[g.on_time, g.late_or_not_sent] for g in groups],
            suppress=True,
            description="One notification per school per incident. Late: told after the "
            "start of the school's next school day, or not yet told.",
            total_label="All districts",
        )
    )
    return sec
