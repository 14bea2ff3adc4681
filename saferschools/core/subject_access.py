"""Subject access across apps: each app that holds records about a child contributes a section.

Business rule: a subject access export holds everything SaferSchools keeps about the person, in
whichever app it lives. Casework builds the export for a young person; other apps (Operation
Encompass) register a contributor here that finds the same child by name and date of birth and
returns sections in the export's shape (title, records of label/value rows). No app imports
another's models for this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

Section = dict[str, Any]
Contributor = Callable[[str, str, dt.date], list[Section]]

_contributors: list[Contributor] = []


def register(contributor: Contributor) -> Contributor:
    """Add a contributor (called once, from the app's ``ready()``)."""
    if contributor not in _contributors:
        _contributors.append(contributor)
    return contributor


def sections_for(*, first_name: str, last_name: str, date_of_birth: dt.date) -> list[Section]:
    sections: list[Section] = []
    for contributor in _contributors:
        sections.extend(contributor(first_name, last_name, date_of_birth))
    return sections
