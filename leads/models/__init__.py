from leads.models.insight import (
    CountBatch,
    PageDailyCount,
    PageMonthlyCount,
    RefusedFieldDailyCount,
    SourceDailyCount,
    TypeDailyCount,
)
from leads.models.leads import BrochureRequest, ConsentRecord, Lead, LeadActivity
from leads.models.pages import CourseDate, CourseIndexPage, CoursePage, Testimonial
from leads.models.permissions import REPORT_PERMISSION, SALES_ROUTING_PERMISSION, SalesDesk
from leads.models.settings import LeadSettings, SalesAbsence
from leads.models.speed import AssignmentRotation, LeadReminder

__all__ = [
    "AssignmentRotation",
    "BrochureRequest",
    "ConsentRecord",
    "CountBatch",
    "CourseDate",
    "CourseIndexPage",
    "CoursePage",
    "Lead",
    "LeadActivity",
    "LeadReminder",
    "LeadSettings",
    "PageDailyCount",
    "PageMonthlyCount",
    "REPORT_PERMISSION",
    "RefusedFieldDailyCount",
    "SALES_ROUTING_PERMISSION",
    "SalesAbsence",
    "SalesDesk",
    "SourceDailyCount",
    "Testimonial",
    "TypeDailyCount",
]
