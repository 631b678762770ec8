"""The clients app's models, by topic. Django finds them here; other apps import them from
`clients.models`."""

from clients.models.access import (
    AccessAction,
    AccessLog,
    AccessLogQuerySet,
    AccessResult,
    ProcessingActivity,
)
from clients.models.benefits import (
    BenefitPeriod,
    BenefitPeriodQuerySet,
    BenefitRule,
    EndReason,
    EndReasonGroup,
    age_on,
    benefit_start_refusal,
)
from clients.models.client import (
    Client,
    ClientQuerySet,
    Household,
    LanguageLevel,
    TaaleisStatus,
    TargetGroup,
    sort_name,
)
from clients.models.notes import ContactKind, ContactNote, ContactNoteQuerySet
from clients.models.ontheffingen import (
    ART_9A_CHILD_AGE,
    ART_9A_MAX_YEARS,
    Ontheffing,
    OntheffingQuerySet,
    OntheffingReason,
)
from clients.models.submissions import FormSubmission

# The migrations name these as clients.models.<name> (field validators, constraint expressions);
# they live in core.
from core.bsn import validate_bsn
from core.ranges import DateRange, IdRange

__all__ = [
    "ART_9A_CHILD_AGE",
    "ART_9A_MAX_YEARS",
    "AccessAction",
    "AccessLog",
    "AccessLogQuerySet",
    "AccessResult",
    "BenefitPeriod",
    "BenefitPeriodQuerySet",
    "BenefitRule",
    "Client",
    "ClientQuerySet",
    "ContactKind",
    "ContactNote",
    "ContactNoteQuerySet",
    "DateRange",
    "EndReason",
    "EndReasonGroup",
    "FormSubmission",
    "Household",
    "IdRange",
    "LanguageLevel",
    "Ontheffing",
    "OntheffingQuerySet",
    "OntheffingReason",
    "ProcessingActivity",
    "TaaleisStatus",
    "TargetGroup",
    "age_on",
    "benefit_start_refusal",
    "sort_name",
    "validate_bsn",
]
