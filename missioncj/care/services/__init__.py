"""Every write in care, one module per aggregate. Import the module you need, e.g.
`from missioncj.care.services import contacts` or the names re-exported here."""

from missioncj.care.services.contacts import (
    CONTACT_FIELDS,
    add_addendum,
    log_contact,
    update_draft,
)

__all__ = ["CONTACT_FIELDS", "add_addendum", "log_contact", "update_draft"]
