"""MongoEngine documents, one module per concept."""
from .application import Application
from .audit import AuditEntry
from .business import BusinessType
from .candidate import Candidate
from .captcha import UsedCaptcha
from .counter import Counter
from .data_import import DataImport, ImportProblem
from .course import Course
from .definitions import FormDefinition, ShippedDefinition, WorkflowDefinition
from .district import District
from .exam_site import ExamRoom, ExamSite
from .export import ExportFile
from .feedback import Feedback
from .holiday import Holiday
from .job import Job
from .login_throttle import LoginThrottle
from .major import Major
from .message import Message, MessageRead
from .news import News
from .plan import ElectiveGroup, MajorPlan, PlanModule
from .preaudit import PreauditEntry
from .registration import Registration, Seat
from .score import Score
from .sitting import Sitting, TimetableEntry
from .sms import SmsCode, SmsHour
from .tally import QueueTally
from .staff_login import StaffLogin
from .university import University

__all__ = [
    "Application", "AuditEntry", "BusinessType", "Candidate", "Counter", "Course", "DataImport", "District", "ElectiveGroup", "ExamRoom", "ExamSite",
    "ExportFile", "Feedback", "ImportProblem", "FormDefinition", "Holiday", "Job", "LoginThrottle", "Major", "MajorPlan", "Message",
    "MessageRead", "News", "PlanModule", "PreauditEntry", "QueueTally", "Registration", "Seat", "Score", "ShippedDefinition", "Sitting", "SmsCode", "SmsHour",
    "StaffLogin", "TimetableEntry", "University",
    "UsedCaptcha", "WorkflowDefinition",
]
