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
from leads.models.settings import LeadSettings

__all__ = [
    "BrochureRequest",
    "ConsentRecord",
    "CountBatch",
    "CourseDate",
    "CourseIndexPage",
    "CoursePage",
    "Lead",
    "LeadActivity",
    "LeadSettings",
    "PageDailyCount",
    "PageMonthlyCount",
    "RefusedFieldDailyCount",
    "SourceDailyCount",
    "Testimonial",
    "TypeDailyCount",
]
