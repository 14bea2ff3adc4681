"""Paging of scoped lists (web and API) that reads only the rows a page shows.

Business rule (issue 17): a list costs what the user's scope holds, not the force's volume.
A page is read in two steps, the way a large list is paged in any database ("deferred join"):

1. the page's ids, in the list's order, from the query alone: with the filters and the order
   in one index (`casework_concern_school_list`, for instance) the database never reads a row
   the page does not show;
2. those rows, with their related records (`select_related`), by id.

The count is the exact `COUNT(*)` of the same query, which the same index answers.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class ScopedPaginator(Paginator):
    """Django's Paginator: every record of the list on exactly one page, in the list's order
    (which must end in a unique key, such as `-pk`)."""

    def page(self, number: Any) -> Page:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = rows.order_by().in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)


class ScopedPagination(PageNumberPagination):
    """The API's page-number paging on `ScopedPaginator`."""

    django_paginator_class = ScopedPaginator
