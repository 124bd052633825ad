"""Who may do what, declared once as data.

Staff roles are Flask-AppBuilder roles: the reviewer roles are built in from
this module (FAB_ROLES), the administrator role holds every permission. A
candidate is not a staff user; their role name is used by the workflows, and
their scope is always their own records.
"""
from flask_babel import lazy_gettext as _l

CANDIDATE = "candidate"
DISTRICT_REVIEWER = "district_reviewer"
UNIVERSITY_REVIEWER = "university_reviewer"
PROVINCIAL_REVIEWER = "provincial_reviewer"
ADMIN = "admin"
# The platform itself, firing events no person does (a payment gateway's confirmed callback).
SYSTEM = "system"

STAFF_ROLES = (ADMIN, PROVINCIAL_REVIEWER, DISTRICT_REVIEWER, UNIVERSITY_REVIEWER)
# The roles that review applications, each within its scope.
REVIEWERS = (DISTRICT_REVIEWER, UNIVERSITY_REVIEWER, PROVINCIAL_REVIEWER)
# The level above each reviewer role, to which an application overdue at that role's level is escalated: a
# district's or a university's to the province, the province's to its administrators.
ABOVE = {DISTRICT_REVIEWER: PROVINCIAL_REVIEWER, UNIVERSITY_REVIEWER: PROVINCIAL_REVIEWER, PROVINCIAL_REVIEWER: ADMIN}
# Who may step in for whom: a level above fires the steps of the level below it, within its own scope, so that an
# application never waits on a level with nobody to act (a district without a reviewer). The history names the
# role the step was taken as, and the one stood in for. Administrators configure; they fire no transition.
STANDS_IN = {PROVINCIAL_REVIEWER: (DISTRICT_REVIEWER,)}
# What the pages call each role.
LABELS = {CANDIDATE: _l("考生"), DISTRICT_REVIEWER: _l("区县审核"), UNIVERSITY_REVIEWER: _l("主考院校审核"),
          PROVINCIAL_REVIEWER: _l("省级审核"), ADMIN: _l("管理员"), SYSTEM: _l("系统")}



def acting(held):
    """The roles whose transitions a user holding the roles `held` may fire: their own and those they stand in for."""
    held = frozenset(held)
    return held.union(*(STANDS_IN.get(role, ()) for role in held))


def acted_as(held, by):
    """(the role of `held` a transition open to the roles `by` is fired as, the role of `by` it stands in for or None);
    (None, None) when none of `held` may fire it."""
    for role in sorted(held, key=str):
        if role in by:
            return role, None
    for role in sorted(held, key=str):
        stood = next((other for other in STANDS_IN.get(role, ()) if other in by), None)
        if stood:
            return role, stood
    return None, None


def acting_for(by):
    """The roles `by` and those that stand in for one of them: who may take a step open to `by`."""
    return tuple(dict.fromkeys([*by, *(role for role, below in STANDS_IN.items() if set(below) & set(by))]))


# Whose records a role reaches.
SCOPE_SELF = "self"
SCOPE_DISTRICT = "district"
SCOPE_UNIVERSITY = "university"
SCOPE_PROVINCE = "province"
SCOPES = {
    CANDIDATE: SCOPE_SELF,
    DISTRICT_REVIEWER: SCOPE_DISTRICT,
    UNIVERSITY_REVIEWER: SCOPE_UNIVERSITY,
    PROVINCIAL_REVIEWER: SCOPE_PROVINCE,
    ADMIN: SCOPE_PROVINCE,
    SYSTEM: SCOPE_PROVINCE,
}

# Permission names of the admin views (each view's class_permission_name).
DISTRICTS = "Districts"
UNIVERSITIES = "Universities"
MAJORS = "Majors"
COURSES = "Courses"
PLANS = "MajorPlans"
PLAN_MODULES = "PlanModules"
ELECTIVE_GROUPS = "ElectiveGroups"
CANDIDATES = "Candidates"
SCORES = "Scores"
APPLICATIONS = "Applications"
BUSINESS_TYPES = "BusinessTypes"
WORKFLOW_DEFINITIONS = "WorkflowDefinitions"
FORM_DEFINITIONS = "FormDefinitions"
MESSAGES = "Messages"
FEEDBACK = "Feedback"
NEWS = "News"
SITTINGS = "Sittings"
HOLIDAYS = "Holidays"
SUBSTITUTIONS = "Substitutions"
EXTRA_EXAMS = "ExtraExamOptions"
REVIEW_SLOTS = "ReviewSlots"
PAYMENTS = "PaymentOrders"
JOBS = "Jobs"
PREAUDIT = "GraduationPreaudit"
REGISTRATIONS = "Registrations"
TIMETABLE = "Timetable"
EXAM_SITES = "ExamSites"
EXAM_ROOMS = "ExamRooms"
# Exam-room arrangement: starting it is for administrators alone (they hold every permission); the seating lists
# are read by the districts (their own) and the province.
ARRANGEMENT = "ExamArrangement"
SEATS = "Seats"
# Data imports 数据导入 (scores, the old system's candidates, the catalogue): for administrators alone.
IMPORTS = "DataImports"

READ = ("can_list", "can_show")
WRITE = READ + ("can_add", "can_edit", "can_delete")
# A sitting's timetable: edited row by row, and replaced or added to from an Excel sheet.
IMPORT = WRITE + ("can_import",)
REVIEW = READ + ("can_review",)
# Sending a site message to every candidate at once; without it a message goes to one candidate in scope.
BROADCAST = "can_broadcast"
SEND = READ + ("can_add",)
ANSWER = READ + ("can_edit",)
# Definitions: reading their versions, and revising one (saving an edit, adopting or keeping a shipped update).
REVISE = READ + ("can_revise",)
# Background jobs: each staff user watches, and runs again, the ones they started (an administrator, every one).
WATCH_JOBS = READ + ("can_retry",)
START = ("can_start",)

CATALOGUE = (DISTRICTS, UNIVERSITIES, MAJORS, COURSES, PLANS, PLAN_MODULES, ELECTIVE_GROUPS, SUBSTITUTIONS, EXTRA_EXAMS)
# Menu categories; a view's own menu entry is named by menu_item(view).
MENU_CATALOGUE = "Catalogue"
MENU_CANDIDATES = "CandidateRecords"
MENU_REVIEW = "Review"
MENU_SETUP = "BusinessSetup"
MENU_COMMUNICATION = "Communication"
COMMUNICATION = (MESSAGES, FEEDBACK, NEWS)


def menu_item(view):
    """The menu entry of a view. It must differ from the view's permission name, or FAB
    prunes the entry's menu_access when it syncs the view's permissions."""
    return f"{view}Menu"

_CATALOGUE_READ = {view: READ for view in CATALOGUE}
# Reviewers read the exam sites and rooms within their scope (a district office, its own district's); administrators
# keep them.
_SITES_READ = {EXAM_SITES: READ, EXAM_ROOMS: READ}

# University reviewers see the candidates of their majors; scores reach them inside applications.
VIEW_PERMISSIONS = {
    # District offices keep their own on-site review slots 现场审核批次.
    DISTRICT_REVIEWER: {**_CATALOGUE_READ, **_SITES_READ, CANDIDATES: READ, SCORES: READ, APPLICATIONS: REVIEW,
                        MESSAGES: SEND, FEEDBACK: ANSWER, REVIEW_SLOTS: WRITE, PAYMENTS: READ,
                        PREAUDIT: START, JOBS: WATCH_JOBS, REGISTRATIONS: READ, SEATS: READ},
    UNIVERSITY_REVIEWER: {**_CATALOGUE_READ, CANDIDATES: READ, APPLICATIONS: REVIEW, PAYMENTS: READ,
                          PREAUDIT: START, JOBS: WATCH_JOBS},
    PROVINCIAL_REVIEWER: {**_CATALOGUE_READ, **_SITES_READ, CANDIDATES: READ, SCORES: READ, APPLICATIONS: REVIEW,
                          MESSAGES: SEND + (BROADCAST,), FEEDBACK: ANSWER, REVIEW_SLOTS: WRITE, PAYMENTS: READ,
                          PREAUDIT: START, JOBS: WATCH_JOBS, REGISTRATIONS: READ, SEATS: READ},
}

# Everyone signed in may use these FAB pages (own profile, own password).
_SELF_SERVICE = [["UserDBModelView", "can_userinfo"], ["UserDBModelView", "resetmypassword"],
                 ["ResetMyPasswordView", "can_this_form_get"], ["ResetMyPasswordView", "can_this_form_post"]]


_QUEUE = "Queue:"


def review_queue(type_key):
    """The menu entry of one application type's review queue."""
    return f"{_QUEUE}{type_key}"


def queued_type(menu_name):
    """The application type whose review queue the menu entry `menu_name` is, or None."""
    return menu_name[len(_QUEUE):] if menu_name.startswith(_QUEUE) else None


def fab_roles(type_keys=()):
    """FAB_ROLES: for each built-in reviewer role, its [view, permission] pairs and its menu entries."""
    roles = {}
    for role, views in VIEW_PERMISSIONS.items():
        pairs = [[view, permission] for view, permissions in views.items() for permission in permissions]
        menus = [menu_item(view) for view in views] + [MENU_CATALOGUE, MENU_CANDIDATES, MENU_REVIEW]
        menus += [MENU_COMMUNICATION] if views.keys() & set(COMMUNICATION) else []
        menus += [review_queue(key) for key in type_keys]
        pairs += [[menu, "menu_access"] for menu in menus]
        roles[role] = pairs + _SELF_SERVICE
    return roles
