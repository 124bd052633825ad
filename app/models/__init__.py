"""MongoEngine documents, one module per concept."""
from .audit import AuditEntry
from .candidate import Candidate
from .counter import Counter
from .course import Course
from .district import District
from .major import Major
from .plan import ElectiveGroup, MajorPlan, PlanModule
from .score import Score
from .university import University

__all__ = [
    "AuditEntry", "Candidate", "Counter", "Course", "District", "ElectiveGroup", "Major",
    "MajorPlan", "PlanModule", "Score", "University",
]
