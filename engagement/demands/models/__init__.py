"""Demands (诉求): what residents ask of a department, its answer, rating and support (附议).

demand.py   the Demand, its states and the one rule for who may read it (publicly_readable / readable_by)
records.py  contact details, photos, the audit trail, answers, ratings, support, extension requests
config.py   the working-day calendar, departments' deadlines, Open311 clients
escalation.py  the steps overdue deadlines climbed (催办 → 督办 → 通报)
"""

from .config import CalendarDay, DepartmentDeadlines, Open311Client, new_api_key
from .demand import (
    MAX_DESCRIPTION, OPEN_STATUSES, PUBLICLY_HIDDEN_STATUSES, PUBLICLY_READABLE, Channel, Demand, DemandQuerySet,
    Kind, REOPENED, Satisfaction, Status, TrackingCounter, due_soon_condition, overdue_condition,
)
from .records import (
    MAX_PHOTOS, DemandAnswer, DemandContact, DemandEvent, DemandPhoto, DemandRating, DemandSupport,
    DemandCoSign,
    ExtensionRequest, answer_attachment_path, photo_path, private_storage,
)
from .escalation import EscalationStep

__all__ = [
    "CalendarDay", "DepartmentDeadlines", "Open311Client", "new_api_key", "EscalationStep",
    "MAX_DESCRIPTION", "OPEN_STATUSES", "PUBLICLY_HIDDEN_STATUSES", "PUBLICLY_READABLE", "Channel", "Demand",
    "DemandQuerySet", "Kind", "REOPENED", "Satisfaction", "Status", "TrackingCounter", "due_soon_condition",
    "overdue_condition",
    "MAX_PHOTOS", "DemandAnswer", "DemandContact", "DemandEvent", "DemandPhoto", "DemandRating", "DemandSupport", "DemandCoSign",
    "ExtensionRequest", "answer_attachment_path", "photo_path", "private_storage",
]
