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
        page = super().page(number)  # the page's slice of the list, not read yet
        rows = page.object_list
        if isinstance(rows, QuerySet):
            ids = list(rows.values_list("pk", flat=True))
            found = self.object_list.order_by().in_bulk(ids)
            page.object_list = [found[pk] for pk in ids if pk in found]
        return page


class ScopedPagination(PageNumberPagination):
    """The API's page-number paging on `ScopedPaginator`."""

    django_paginator_class = ScopedPaginator
