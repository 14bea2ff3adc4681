"""A staff page's title and breadcrumbs, from the section of the site it stands in.

Business rules (GOV.UK Design System, "Breadcrumbs"):
- every staff page shows where it stands: the section's own pages (Home, then the section's
  first page, e.g. "Plans" or "Roster"), then the pages between the section and this one, and
  last this page itself, without a link;
- the last crumb is the page's title unless a shorter word is given for it ("New" under
  "Resource library" on the page titled "New resource": the trail ends `("New", None)`).

A view says only what differs: `PLANS.page(request, "allocation/plan_form.html", "Make a plan",
{"form": form})` draws the template with `page_title` "Make a plan" and the breadcrumbs Home ›
Plans › Make a plan; the section's links are reversed when the page is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

#: One breadcrumb: its text and its link (None for the page itself).
Crumb = tuple[str, str | None]


@dataclass(frozen=True)
class Section:
    """A part of the site: its leading breadcrumbs as (text, URL name) pairs."""

    roots: tuple[tuple[str, str], ...]

    def crumbs(self, *trail: Crumb) -> list[Crumb]:
        """The section's breadcrumbs, then `trail`."""
        return [*((text, reverse(name)) for text, name in self.roots), *trail]

    def page(
        self,
        request: HttpRequest,
        template: str,
        title: str,
        context: dict[str, Any],
        /,
        *trail: Crumb,
    ) -> HttpResponse:
        """Draw `template` with `context`, the page's `title` and its breadcrumbs: the section's,
        `trail` (the pages between the section and this one), then this page: its title, unless
        the trail ends with the page itself (a crumb without a link, a shorter word for it)."""
        here = [] if trail and trail[-1][1] is None else [(title, None)]
        crumbs = self.crumbs(*trail, *here)
        return render(request, template, {**context, "page_title": title, "breadcrumbs": crumbs})


def section(*roots: tuple[str, str]) -> Section:
    """A section whose breadcrumbs start Home, then `roots` ((text, URL name) pairs)."""
    return Section((("Home", "core:home"), *roots))


#: Pages that stand directly under Home.
HOME = section()


def done(request: HttpRequest, message: str, to: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """A write went through: say so on the next page (`message`, shown once) and go there
    (`to` with `args`/`kwargs`, as `redirect` takes them), so that reloading the page does
    not send the form again (Post/Redirect/Get)."""
    messages.success(request, message)
    return redirect(to, *args, **kwargs)


@contextmanager
def refusals_shown(
    request: HttpRequest, *kinds: type[Exception], prefix: str = ""
) -> Iterator[None]:
    """A button's action (a POST that goes back to a page): an error of `kinds` it raises is a
    rule that said no, not a fault; the rest of the block is skipped and the next page shows
    why (after `prefix`)."""
    try:
        yield
    except kinds as exc:
        messages.error(request, prefix + refusal_text(exc))


def refusal_text(exc: Exception) -> str:
    """What a refusal says: its `messages` (a validation or rostering error), or its words."""
    said = getattr(exc, "messages", None)
    return " ".join(said) if isinstance(said, list) else str(exc)
