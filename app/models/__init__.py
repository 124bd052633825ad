"""MongoEngine documents, one module per concept."""
from .application import Application
from .audit import AuditEntry
from .business import BusinessType
from .candidate import Candidate
from .counter import Counter
from .course import Course
from .definitions import FormDefinition, WorkflowDefinition
from .district import District
from .major import Major
from .plan import ElectiveGroup, MajorPlan, PlanModule
from .score import Score
from .university import University

__all__ = [
    "Application", "AuditEntry", "BusinessType", "Candidate", "Counter", "Course", "District", "FormDefinition", "ElectiveGroup", "Major",
    "MajorPlan", "PlanModule", "Score", "University", "WorkflowDefinition",
]
