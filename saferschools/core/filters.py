"""Filter declarations the lists' filtersets share (web pages and API alike)."""

from __future__ import annotations

import django_filters


def on_or_after(field_name: str, *, of_datetime: bool = False) -> django_filters.DateFilter:
    """The records dated on or after the day given (for a date-time field, from that day's
    start)."""
    lookup = "date__gte" if of_datetime else "gte"
    return django_filters.DateFilter(field_name=field_name, lookup_expr=lookup)


def on_or_before(field_name: str) -> django_filters.DateFilter:
    """The records dated on or before the day given."""
    return django_filters.DateFilter(field_name=field_name, lookup_expr="lte")
