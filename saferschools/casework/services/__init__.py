"""Writes to casework, one module per entity. Each service checks the acting user may write
(`permissions`), writes the record and its audit entry in one transaction (`core.records`), and
queues notifications for after the commit. Every kind is changed through `record_update` and
deleted through `record_delete` (`records`); what changing a kind involves beyond that is its
`UpdateRule`, declared in the kind's module.

Business rules stated where they are enforced:
- duplicates are caught before a young person is created (`young_people`);
- a new concern tells the school's safeguarding lead(s) and the named officer; repeated concerns
  and rising risk alert the named officer and their sergeant (`concerns`);
- an arrest or criminal-justice outcome on school premises is flagged and the sergeant told;
  only police record a police outcome (`incidents`);
- a strip search needs an appropriate adult and an inspector-or-above authority, and opens a
  safeguarding referral to children's social care whether recorded so or changed to one later
  (`searches`);
- a referral is made with consent or an override; an overdue one alerts once (`referrals`).

`notify_people=False` records without telling anyone (generated demonstration records, history
being loaded): it is the caller's explicit choice, never inferred from the record.
"""

from .concerns import concern_close, concern_create
from .incidents import incident_create, incident_review
from .interventions import intervention_create
from .records import record_delete, record_update
from .referrals import referral_create, referrals_alert_overdue
from .searches import search_record, strip_search_referral
from .young_people import (
    PossibleDuplicate,
    young_person_create,
    young_person_find_duplicates,
    young_person_link,
)

__all__ = [
    "PossibleDuplicate",
    "concern_close",
    "concern_create",
    "incident_create",
    "incident_review",
    "intervention_create",
    "record_delete",
    "record_update",
    "referral_create",
    "referrals_alert_overdue",
    "search_record",
    "strip_search_referral",
    "young_person_create",
    "young_person_find_duplicates",
    "young_person_link",
]
