"""The system of record's tables (SQLAlchemy 2 typed mappings)."""

from xinyong.records.models.admin import AuditEntry, LoginThrottle, Operator
from xinyong.records.models.batches import CheckBatch, CheckBatchRow
from xinyong.records.models.checks import (
    ApprovalType,
    CheckRecord,
    JointMeasure,
    ServiceCentre,
    WidgetKey,
)
from xinyong.records.models.delegation import DeliveryDelegation
from xinyong.records.models.disclosures import Licence, Penalty
from xinyong.records.models.ingest import ImportBatch, OutboxEvent, RecordRevision, RejectedRow
from xinyong.records.models.lists import Commitment, JointCase, ListEntry
from xinyong.records.models.procedures import (
    ProcedureBlob,
    ProcedureCase,
    ProcedureDocument,
    ProcedureStep,
)
from xinyong.records.models.publication import (
    MinorPublicationOptIn,
    PublicationChange,
    PublicationPeriod,
    SeverityRule,
)
from xinyong.records.models.push import PushBatch, PushedRecord
from xinyong.records.models.reference import (
    CalendarOverride,
    Department,
    District,
    Domain,
    ListType,
)
from xinyong.records.models.reports import CreditReport
from xinyong.records.models.subjects import Subject, SubjectName

__all__ = [
    "AuditEntry",
    "DeliveryDelegation",
    "LoginThrottle",
    "Operator",
    "ProcedureCase",
    "ProcedureBlob",
    "ProcedureDocument",
    "ProcedureStep",
    "ApprovalType",
    "CheckBatch",
    "CheckBatchRow",
    "CheckRecord",
    "JointMeasure",
    "ServiceCentre",
    "WidgetKey",
    "CalendarOverride",
    "Commitment",
    "CreditReport",
    "Department",
    "District",
    "Domain",
    "ImportBatch",
    "JointCase",
    "Licence",
    "ListEntry",
    "ListType",
    "OutboxEvent",
    "Penalty",
    "MinorPublicationOptIn",
    "PublicationChange",
    "PublicationPeriod",
    "PushBatch",
    "PushedRecord",
    "RecordRevision",
    "RejectedRow",
    "SeverityRule",
    "Subject",
    "SubjectName",
]
