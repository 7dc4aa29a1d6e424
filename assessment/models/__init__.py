from assessment.models.actions import Action, ActionNote
from assessment.models.assessments import (
    Answer,
    Assessment,
    AssessmentLockedError,
    Evidence,
)
from assessment.models.criteria import (
    Area,
    Criterion,
    Framework,
    FrameworkVersion,
    FrozenVersionError,
)
from assessment.models.documents import Document, DocumentFile, DocumentLink
from assessment.models.firms import Firm, Invitation, Membership, Site
from assessment.models.people import Profile, ReminderSent
from assessment.models.results import StoredResults

__all__ = [
    "Action",
    "ActionNote",
    "Answer",
    "Area",
    "Assessment",
    "AssessmentLockedError",
    "Criterion",
    "Document",
    "DocumentFile",
    "DocumentLink",
    "Evidence",
    "Firm",
    "Framework",
    "FrameworkVersion",
    "FrozenVersionError",
    "Invitation",
    "Membership",
    "Profile",
    "ReminderSent",
    "Site",
    "StoredResults",
]
