"""Child-first guardrails: outcomes flagged for a sergeant's review, outcomes by school."""

from __future__ import annotations

from .. import figures as F
from ..charts import Chart, Series
from ..periods import Month, Window
from ..tables import (
    CountColumn,
    cross_table,
    group_table,
)
from .base import Section


def section(month: Month, window: Window, public: bool) -> Section:
    sec = Section(
        "guardrails",
        "Child-first guardrails",
        intro=[
            "An arrest or criminal-justice outcome for a child on school premises is flagged "
            "for a sergeant's review when it is recorded (casework notifies the sergeant at "
            f"once); the review is due within {F.REVIEW_HOURS} hours.",
        ],
    )
    r = F.reviews_in(month)
    t = group_table(
        key="reviews-month",
        title=f"Outcomes flagged for a sergeant's review, {month.label}",
        row_header="Review",
        groups=["Reviewed within a day", "Reviewed late", "Still waiting"],
        columns=[CountColumn("Outcomes", [r.reviewed_in_time, r.reviewed_late, r.waiting])],
        total_label="All flagged",
    )
    sec.tables.append(t)
    if not public:
        by_div = {
            name: [c.waiting - c.overdue, c.overdue]
            for name, c in F.review_counts_by_division().items()
        }
        names = sorted(by_div)
        sec.tables.append(
            cross_table(
                key="reviews-now",
                title="Awaiting review now, by policing area",
                row_header="Policing area",
                row_labels=names,
                col_labels=["Within a day", "Overdue"],
                counts=[by_div[n] for n in names],
                suppress=True,
                description="The queue as the report is made; sergeants and the inspector see "
                "each outcome on the review page.",
            )
        )
    schools = F.outcomes_by_school(window)
    t2 = cross_table(
        key="outcomes-school",
        title=f"Decided incident outcomes by school, {window.label}",
        row_header="School",
        row_labels=[name for name, _ in schools],
        col_labels=list(F.OUTCOME_COLUMNS),
        counts=[c for _, c in schools],
        suppress=True,
        description="Schools with at least one decided incident outcome. Diversion: words of "
        "advice, restorative justice, community resolution. Criminal justice: arrest, charge.",
        total_label="All schools",
    )
    sec.tables.append(t2)
    if t2.rows:
        sec.charts.append(
            Chart(
                "outcomes-school",
                f"Diversion and criminal-justice outcomes by school, {window.label}",
                "Bar chart of incidents ending in diversion and in a criminal-justice outcome at "
                f"each school; hidden figures are marked [c]. Figures in the table '{t2.title}'.",
                "bar",
                t2.key,
                categories=t2.labels(),
                series=[
                    Series("Diversion", t2.column_values(1)),
                    Series("Criminal justice", t2.column_values(2)),
                ],
                y_label="Incidents",
            )
        )
    return sec
