"""Application types: what each one is, declared in its own folder under application_types/ and registered here.

A type is its workflow and its form, the notice, reason templates and message templates its business type starts
with, the documents a candidate downloads, the panels its pages show besides the answers, the links other pages offer
to it, pages of its own, and the terms the demo gives it. The generic pages ask this registry; they never name a type.
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from .engine import workflow_of

SHIPPED = {}


def ended_approved(application):
    """The application reached a final state of its workflow by an approval."""
    return (application.state in workflow_of(application).final and bool(application.history)
            and application.history[-1].event == "approve")


@dataclass(frozen=True)
class Document:
    """A PDF the candidate downloads: by default once the application ended approved."""

    title: str
    render: Callable  # application -> PDF bytes
    available: Callable = ended_approved  # application -> whether the candidate may download it now


@dataclass(frozen=True)
class Panel:
    """A section of the application's pages (the candidate's and the reviewer's) besides its answers: `shown` gives
    what `template` shows for an application, or None to show nothing. A staff panel is on the reviewer's page
    alone, and is given the reviewer's scope (app/scope.py) to keep within it."""

    title: str
    template: str  # rendered with `shown`
    shown: Callable  # application -> value or None; a staff panel's: (application, scope) -> value or None
    staff: bool = False


@dataclass(frozen=True)
class Link:
    """A link to the type on another page (`page`: "home", "unverified" beside an unverified identity, or
    "profile"), with a line saying why; `endpoint`, when given, is the page linked (e.g. one of the type's own
    pages) instead of applying for the type."""

    page: str
    label: str
    note: str = ""
    endpoint: str | None = None


@dataclass(frozen=True)
class Page:
    """A page of the type's own for the signed-in candidate, at `path` with the endpoint `candidate.<name>`:
    `view(candidate)` answers it, reading the request's arguments itself (e.g. graduation's pre-audit 毕业条件预判)."""

    path: str
    name: str
    view: Callable


@dataclass(frozen=True)
class ApplicationType:
    workflow: object  # workflows.spec.Workflow
    form: object  # forms.spec.FormSpec
    notice: str = ""
    notice_en: str = ""  # the notice in English (app/wording.py)
    reasons: tuple = ()
    messages: tuple = ()  # workflows.messages.SiteMessage: what its decisions tell the candidate
    documents: dict = field(default_factory=dict)  # name -> Document
    panels: tuple = ()
    links: tuple = ()
    pages: tuple = ()
    # (application, answers) -> [(field name, message)]: what the candidate should know of their answers that does not
    # stop a submission (credits the catalogue counts otherwise, a course passed already), shown on the step holding
    # the field and on the preview.
    notes: Callable | None = None
    demo: Callable | None = None  # business type -> None: the terms the demo sets (a fee, a resubmission limit)
    order: int = 100  # where the type comes in menus and lists
    applied_for: bool = True  # False: candidates never apply for it; another flow of the platform sends it

    @property
    def key(self):
        return self.workflow.key

    @property
    def title(self):
        return self.workflow.title

    @property
    def title_en(self):
        return self.workflow.en.get("title", "")


def ship(application_type):
    """Register a shipped type (each type folder's __init__ calls this once)."""
    SHIPPED[application_type.key] = application_type
    return application_type


_NONE = ApplicationType(workflow=None, form=None)


def shipped():
    """Every shipped type, in its order."""
    return sorted(SHIPPED.values(), key=lambda kind: (kind.order, kind.key))


def of(type_key):
    """The shipped type `type_key`, or one with nothing besides its definitions (a type an administrator added)."""
    return SHIPPED.get(type_key, _NONE)


def following(application):
    """The shipped type whose workflow the application follows (a business type an administrator added may
    follow a shipped workflow, and then has its documents and panels)."""
    return SHIPPED.get(application.workflow_key, _NONE)


def documents(application):
    """{name: Document} the candidate may download for this application now."""
    return {name: document for name, document in following(application).documents.items()
            if document.available(application)}


def panels(application, scope=None):
    """(Panel, what it shows) of each of the type's panels with something to show for this application: on the
    candidate's page (no `scope`), or on the page of a reviewer with `scope`, with the staff panels too."""
    return [(panel, shown) for panel in following(application).panels if scope is not None or not panel.staff
            if (shown := (panel.shown(application, scope) if panel.staff else panel.shown(application))) is not None]


def notes(application, answers):
    """[(field name, message)] the type points out in `answers` (the working copy, or the submission)."""
    found = following(application).notes
    return found(application, answers) if found else []


def not_applied_for():
    """The keys of the shipped types candidates do not apply for themselves."""
    return [kind.key for kind in SHIPPED.values() if not kind.applied_for]


def links(page):
    """(type key, Link) of every shipped type's link on `page`."""
    return [(kind.key, link) for kind in shipped() for link in kind.links if link.page == page]
