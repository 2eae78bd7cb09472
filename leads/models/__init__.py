from leads.models.leads import BrochureRequest, ConsentRecord, Lead, LeadActivity
from leads.models.pages import CourseDate, CourseIndexPage, CoursePage, Testimonial
from leads.models.permissions import REPORT_PERMISSION, SALES_ROUTING_PERMISSION, SalesDesk
from leads.models.settings import LeadSettings

__all__ = [
    "BrochureRequest",
    "ConsentRecord",
    "CourseDate",
    "CourseIndexPage",
    "CoursePage",
    "Lead",
    "LeadActivity",
    "LeadSettings",
    "REPORT_PERMISSION",
    "SALES_ROUTING_PERMISSION",
    "SalesDesk",
    "Testimonial",
]
