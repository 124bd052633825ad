"""Hostile input on every form, list and link answers with a message, never a 500.

Routes come from the app's URL map and forms from the pages themselves, so a new form or list is covered without
touching this file. Each form is posted once per hostile value, the values rotated over its fields so that every
field gets every value (a Latin square); each candidate form is posted once more per value with that value in one
field and the others as the page showed them (or a known good value), so it reaches the service behind the form.
Then dict and list JSON bodies. Each admin list gets malformed paging, page size, order and filter parameters and
each route parameter malformed ids. `pytest -s` prints the figures.
"""
import datetime
import html.parser
import io
import re
import urllib.parse
from dataclasses import dataclass, field

import flask
import pytest

from app.extensions import limiter
from app.models import BusinessType, Candidate, Feedback, Message, News, WorkflowDefinition
from app.services import demo
from usecases import applications
from workflows import types
from usecases import payment
from tests.fixtures import candidate_client, jpeg, staff_client, text
from tests.services.test_payment import application_of, graduation_type

ZHANG = "080105408130"  # 张明 of 和平区
REVIEWER = "heping"  # 和平区's district reviewer


@dataclass(frozen=True)
class Raw:
    """Text sent percent-encoded as given, so bytes no browser would send arrive as they are."""

    encoded: str


# A tuple is the field sent more than once, bytes an uploaded file.
HOSTILE = {
    "10,000 characters, sent twice": ("字" * 10_000, "b"),
    "10,000 digits": "9" * 10_000,
    "control characters and a lone surrogate": Raw(urllib.parse.quote("\x00\x1b[2J\u202e\x07\r\n\t") + "%ED%A0%80"),
    "operator and dotted key": '{"$where.a": ""}',
    "unknown id": "0" * 24,
    "signalling NaN": "sNaN",
    "infinity": "-Infinity",
    "impossible date": "0000-00-00",
    "junk file": b"\x00\xffnot an image",
}
JSON_BODIES = {"dict": lambda names: {name: {"$gt": ""} for name in names},
               "list": lambda names: [{"$gt": ""}, ["a", "b"]]}
JSON_REFUSED = "此页面只接受网页表单提交的内容，请返回页面重新填写后提交。"
LINK_REFUSED = "链接中的分页、排序或筛选参数无效，请从菜单重新打开列表。"

# Known good values by field name, so a hostile value in another field reaches the service behind the form.
GOOD = {"login": ZHANG, "password": demo.DEMO_PASSWORD, "old_password": demo.DEMO_PASSWORD, "username": "admin"}

# Routes and forms not sent hostile values: they end the session the rest of the run uses (sign-out), or delete
# the rows it reads (FAB's delete route and its confirmation form, whose action a script sets).
SKIPPED = ("/account/logout", "/logout/", "/delete/")
# FAB's REST API speaks JSON by design and is no page; static files take no input.
SKIPPED_PREFIXES = ("/api/", "/static/")
BAD_IDS = ("abc", "0" * 24, "%00")
BAD_PAGES = ("abc", "-1", "9" * 30, "%D9%A3")  # %D9%A3 is an Arabic-Indic 3, which int() reads
BAD_PAGE_SIZES = ("0", "101")
BAD_FILTER_VALUES = ("abc", "%00%1B", "-1e308", "2024-13-45", "0" * 24, "字" * 2000, "")


@dataclass
class Form:
    endpoint: str
    action: str
    method: str
    fields: list = field(default_factory=list)  # (name, value, kind)
    candidates: bool = True  # a candidate page's form (else a staff page's)
    shown: bool = True  # found on a page (else made up for a route no page here shows a form for)

    def names(self):
        """Each field once; a field repeated in slots (courses-0-mark, courses-1-mark) only in its first."""
        shapes = {}
        for name, _value, _kind in self.fields:
            shapes.setdefault(re.sub(r"-\d+-", "-N-", name), name)
        return list(shapes.values())

    def shape(self):
        """Forms of one shape are posted once: a staff view's add and edit forms, a notice of each type."""
        where = self.endpoint if self.candidates else self.endpoint.split(".")[0]
        return where, self.method, tuple(re.sub(r"-\d+-", "-N-", n) for n in self.names())


class FormParser(html.parser.HTMLParser):
    """The forms of a page with the values it shows, as a browser would submit them."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.form, self.select, self.textarea = page, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form("", attrs.get("action") or self.page, (attrs.get("method") or "get").lower())
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "option" and self.select is not None:
            self.select[1].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select[2].append(attrs.get("value", ""))
        elif "name" not in attrs:
            if tag == "button" and attrs.get("formaction"):  # the SMS send button posts the form elsewhere
                method = (attrs.get("formmethod") or self.form.method).lower()
                self.forms.append(Form("", attrs["formaction"], method, self.form.fields))
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            checked = kind not in ("checkbox", "radio") or "checked" in attrs
            if kind not in ("submit", "button", "reset", "image"):
                self.form.fields.append((attrs["name"], attrs.get("value", "on") if checked else None, kind))
        elif tag == "select":
            self.select = [attrs["name"], [], [], "multiple" in attrs]
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "button" and self.form.method == "post":
            self.form.fields.append((attrs["name"], attrs.get("value", ""), "button"))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, options, chosen, multiple = self.select
            for value in chosen if multiple else (chosen or [next((o for o in options if o), "")])[:1]:
                self.form.fields.append((name, value, "select"))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.fields.append((*self.textarea, "textarea"))
            self.textarea = None


def forms_of(page, response):
    if response.mimetype != "text/html":
        return []
    parser = FormParser(page)
    parser.feed(response.get_data(as_text=True))
    return parser.forms


def body(form, hostile):
    """(data, content type) of `form` as the page shows it, with the values of `hostile` {field: value} in."""
    pairs, files = [], []
    for name, value, kind in form.fields:
        if kind == "file" and name not in hostile:
            files.append((name, (io.BytesIO(jpeg()), "ok.jpg")))
        elif name not in hostile and value is not None:
            pairs.append((name, value or GOOD.get(name, "")))
    for name, value in hostile.items():
        if isinstance(value, bytes):
            files.append((name, (io.BytesIO(value), "junk.jpg")))
        else:
            pairs += [(name, v) for v in (value if isinstance(value, tuple) else (value,))]
    if files:
        data = {}
        for name, value in pairs + files:
            data.setdefault(name, []).append(urllib.parse.unquote(value.encoded) if isinstance(value, Raw) else value)
        return data, "multipart/form-data"
    encoded = "&".join(f"{urllib.parse.quote(name)}={value.encoded if isinstance(value, Raw) else urllib.parse.quote(value)}"
                       for name, value in pairs)
    return encoded, "application/x-www-form-urlencoded"


def hostile_bodies(form):
    """The bodies one form is sent: each value in every field by rotation; for a candidate form, also each
    value in one field at a time with the others as shown."""
    names, values = form.names(), list(HOSTILE.items())
    if not names:
        return
    for k in range(len(values)):
        label = f"rotation {k}: {names[0]}={values[k % len(values)][0]}, ..."
        yield label, body(form, {name: values[(i + k) % len(values)][1] for i, name in enumerate(names)})
    if form.candidates:
        for k, (label, value) in enumerate(values):
            name = names[k % len(names)]
            yield f"{name}={label}", body(form, {name: value})


@dataclass
class Tally:
    """Requests tried by kind, and every answer of 500 (or a JSON body not refused) with what caused it."""

    tried: dict = field(default_factory=dict)
    forms: int = 0
    failures: list = field(default_factory=list)
    not_refused: list = field(default_factory=list)
    links_not_refused: list = field(default_factory=list)
    cause: list = field(default_factory=list)

    def check(self, kind, response, what):
        self.tried[kind] = self.tried.get(kind, 0) + 1
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {what}: {self.cause[-1] if self.cause else ''}")
        self.cause.clear()
        return response


@dataclass
class World:
    """The real ids route parameters are filled with."""

    applications: list
    steps: dict
    order_no: str
    feedback_id: str
    message_id: str
    news_id: str


def build_world(snapshots):
    """The demo data, every application type open, and an application of each for 张明, one awaiting its fee."""
    snapshots["world"].restore()
    applications.clear_caches()
    zhang = Candidate.objects.get(exam_number=ZHANG)
    now = datetime.datetime.now()
    BusinessType.objects.update(set__enabled=True, set__opens_at=now - datetime.timedelta(days=1),
                                set__closes_at=now + datetime.timedelta(days=30))
    started = [applications.start(zhang, key) for key in types.SHIPPED if types.of(key).applied_for]
    graduation_type()
    awaiting = application_of(ZHANG)
    reviewed = application_of(ZHANG, state="district_review", type_key="exemption")
    order = payment.order_for(awaiting)
    started += [awaiting, reviewed]
    feedback = Feedback(candidate=zhang, title="意见", content="内容").save()
    return World([str(a.pk) for a in started],
                 {str(a.pk): [s.key for s in applications.spec_of(a).steps] for a in started},
                 order.order_no, str(feedback.pk), str(Message.objects.first().pk), str(News.objects.first().pk))


def fab_views(app):
    return {view.endpoint: view for view in app.appbuilder.baseviews}


def _param_values(app, world, rule):
    """{argument: [real values]} of a rule's arguments."""
    view = fab_views(app).get(rule.endpoint.split(".")[0])
    real = {"application_id": world.applications, "type_key": list(types.SHIPPED),
            "order_no": [world.order_no], "feedback_id": [world.feedback_id], "message_id": [world.message_id],
            "news_id": [world.news_id], "purpose": ["register", "forgot_exam_number", "forgot_password",
                                                    "first_login"], "code": ["zh"], "locale": ["zh"]}
    values = {}
    for arg in rule.arguments:
        if arg in real:
            values[arg] = real[arg]
        elif arg == "pk" and getattr(view, "datamodel", None) is not None:
            _count, items = view.datamodel.query(page=0, page_size=1000)
            values[arg] = [view.datamodel.get_pk_value(items[-1])] if items else ["0" * 24]
        elif arg == "name" and view is not None:
            values[arg] = list(getattr(view, "actions", {})) or ["x"]
        elif arg == "name":
            values[arg] = [name for kind in types.SHIPPED.values() for name in kind.documents]
        else:  # step keys come with their application; no file was uploaded, so a file id finds none
            values[arg] = ["x"]
    return values


def urls(app, world, rule):
    """(real URLs, URLs with one argument malformed) of a rule."""
    values = _param_values(app, world, rule)
    combos = [{}]
    for arg, options in values.items():
        if arg != "step_key":
            combos = [{**c, arg: o} for c in combos for o in options]
    if "step_key" in rule.arguments:
        combos = [{**c, "step_key": key} for c in combos for key in world.steps[c["application_id"]]]
    adapter = app.url_map.bind("localhost")
    real = [adapter.build(rule.endpoint, combo) for combo in combos]
    malformed = []
    for arg in rule.arguments:
        for junk in BAD_IDS:
            path = rule.rule
            for name, value in {**combos[0], arg: junk}.items():
                path = re.sub(rf"<(?:[^:<>]+:)?{name}>", str(value), path)
            malformed.append(path)
    return real, malformed


def routes(app, world):
    """(rule, real URLs, URLs with one argument malformed) of every route sent input."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(SKIPPED_PREFIXES) and not any(skip in rule.rule for skip in SKIPPED):
            found.append((rule, *urls(app, world, rule)))
    return found


def pages(app, found, tally, clients_for):
    """GET every route (and each with malformed ids); the forms found, one of each shape, with their client.

    A route that takes a POST and shows no form here (its page needs a step before it) is posted every hostile
    value at once in fields of its own, and the JSON bodies.
    """
    forms, posted, shown = {}, {}, set()
    adapter = app.url_map.bind("localhost")
    for rule, real, malformed in found:
        clients = clients_for(rule.endpoint)
        method = "GET" if "GET" in rule.methods else "POST"
        for url in malformed:
            tally.check("malformed ids", _client(clients[0]).open(url, method=method), f"{method} {url}")
        if "POST" in rule.methods:
            fields = [(f"value{n}", "", "text") for n in range(len(HOSTILE))]
            posted[rule.endpoint] = (Form(rule.endpoint, real[0], "post", fields, shown=False), clients[0])
        for url in real if method == "GET" else ():
            for client in clients:
                response = tally.check("pages", _client(client).get(url), f"GET {url}")
                for form in forms_of(url, response):
                    form.action = urllib.parse.urljoin(url, form.action)
                    path = urllib.parse.urlsplit(form.action).path
                    if any(skip in path for skip in SKIPPED) or "delete" in form.names():
                        continue
                    form.endpoint = adapter.match(path, method=form.method.upper())[0]
                    form.candidates = form.endpoint.startswith("candidate.")
                    shown.add(form.endpoint)
                    # Of a staff view's add and edit forms, the edit one, which also shows related lists.
                    if form.shape() not in forms or form.endpoint.endswith(".edit"):
                        forms[form.shape()] = (form, client)
    return list(forms.values()) + [pair for endpoint, pair in posted.items() if endpoint not in shown]


def _client(client):
    """The signed-in client, or a new anonymous one for each request (a sign-in must not carry over)."""
    return client() if callable(client) else client


def fuzz_forms(forms, tally):
    for form, client in forms:
        tally.forms += form.shown
        limiter.reset()  # every request reaches the form, not the sign-in rate limit the run's own logins count to
        for label, (data, content_type) in hostile_bodies(form) if form.shown else [next(hostile_bodies(form))]:
            what = f"{form.method.upper()} {form.action} {label}"
            if form.method == "post":
                response = _client(client).post(form.action, data=data, content_type=content_type)
            elif content_type.startswith("application/x-www-form-urlencoded"):
                response = _client(client).get(f"{form.action.split('?')[0]}?{data}")
            else:
                continue
            tally.check("form × hostile value" if form.shown else "routes without a form", response, what)
        if form.method != "post":
            continue
        limiter.reset()
        for label, make in JSON_BODIES.items():
            response = tally.check("JSON bodies", _client(client).post(form.action, json=make(form.names())),
                                   f"POST {form.action} JSON {label}")
            if not form.endpoint.endswith("payment_notify") and (
                    response.status_code != 400 or JSON_REFUSED not in text(response)):
                tally.not_refused.append(f"{response.status_code} {form.action} JSON {label}")


def list_links(app):
    """(URL, malformed?) for each admin list: bad paging, sizes, order and filters; bad values in every filter;
    the list's own links. Show and edit pages get the paging of the lists they show of related records."""
    links = []
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    for view in fab_views(app).values():
        base = f"{view.route_base}/list/"
        if base not in rules:
            continue
        name = type(view).__name__
        links += [(f"{base}?page_{name}={v}", True) for v in BAD_PAGES]
        links += [(f"{base}?psize_{name}={v}", True) for v in BAD_PAGE_SIZES]
        links.append((f"{base}?_oc_{name}=__class__&_od_{name}=asc", True))
        links += [(f"{base}?page_{name}=0&page_Nosuch=abc", True), (f"{base}?_flt_0_nosuch=x", True)]
        own = f"{base}?page_{name}=0&psize_{name}=100"
        if view.order_columns:
            column = view.order_columns[0]
            links.append((f"{base}?_oc_{name}={column}&_od_{name}=sideways", True))
            own += f"&_oc_{name}={column}&_od_{name}=desc"
        links.append((own, False))
        filters = view._filters._all_filters
        # FAB reads one digit of a filter's index: _flt_10_name is no filter at all, and ignored.
        links += [(f"{base}?_flt_{len(flts)}_{col}=x", True) for col, flts in list(filters.items())[:1]
                  if len(flts) < 10]
        # Every filter of every column at once, each with a bad value in turn.
        query = [f"_flt_{i}_{col}={BAD_FILTER_VALUES[(n + i) % len(BAD_FILTER_VALUES)]}"
                 for n, (col, flts) in enumerate(filters.items()) for i in range(min(len(flts), 10))]
        links.append((f"{base}?{'&'.join(query)}", False))
        _count, items = view.datamodel.query(page=0, page_size=1)
        related = [type(r).__name__ for r in view._related_views or ()]
        for kind in ("show", "edit"):
            if items and related and f"{view.route_base}/{kind}/<pk>" in rules:
                url = f"{view.route_base}/{kind}/{view.datamodel.get_pk_value(items[0])}"
                links += [(f"{url}?page_{r}=abc", True) for r in related]
                links += [(f"{url}?psize_{r}=0", True) for r in related]
    return links


def fuzz_lists(links, tally, admin):
    for url, malformed in links:
        response = tally.check("list links", admin.get(url), f"GET {url}")
        if malformed and (response.status_code != 400 or LINK_REFUSED not in text(response)):
            tally.links_not_refused.append(f"{response.status_code} {url}")
        elif not malformed and response.status_code != 200:
            tally.links_not_refused.append(f"{response.status_code} (a well-formed link) {url}")


@pytest.fixture(scope="module")
def run(app, snapshots):
    """One pass over every page, form and list, on one demo world (each test after it starts from a snapshot).

    No context is pushed around the requests: they would share one `g`, and with it the signed-in candidate.
    """
    tally = Tally()

    def cause(_sender, exception, **_extra):
        tally.cause.append(f"{type(exception).__name__}: {str(exception)[:200]}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # a crash answers 500 and is counted
        patch.setitem(app.config, "FEEDBACK_RATE_LIMIT", "100000 per hour")
        flask.got_request_exception.connect(cause, app)
        limiter.reset()
        try:
            with app.test_request_context():
                world = build_world(snapshots)
                found, links = routes(app, world), list_links(app)
            candidate, admin, reviewer = (candidate_client(app, ZHANG), staff_client(app, "admin"),
                                          staff_client(app, REVIEWER))

            def clients_for(endpoint):
                """Candidate pages signed in and not; staff pages as the administrator, who reviews nothing,
                so the review queue as 张明's district reviewer; the staff sign-in page signed out."""
                if endpoint.startswith("candidate."):
                    return candidate, app.test_client
                if endpoint == f"{app.appbuilder.sm.auth_view.endpoint}.login":
                    return (app.test_client,)
                return (reviewer,) if endpoint.startswith("ApplicationView.") else (admin,)

            fuzz_forms(pages(app, found, tally, clients_for), tally)
            fuzz_lists(links, tally, admin)
        finally:
            flask.got_request_exception.disconnect(cause, app)
    print(f"\nHostile input: {tally.forms} forms × {len(HOSTILE)} hostile values: "
          f"{tally.tried['form × hostile value']} requests; {sum(tally.tried.values())} requests in all "
          f"({tally.tried}); {len(tally.failures)} answers of 500")
    return tally


def test_no_page_form_or_list_answers_500_to_hostile_input(run):
    assert run.forms >= 60 and run.tried["form × hostile value"] >= 60 * len(HOSTILE), run.tried
    assert not run.failures, "\n".join(run.failures)


def test_a_json_body_gets_a_page_saying_only_forms_are_taken(run):
    assert run.tried["JSON bodies"] >= 2 * 60
    assert not run.not_refused, "\n".join(run.not_refused)


def test_malformed_list_links_get_a_page_saying_so_and_the_lists_own_links_open(run):
    assert run.tried["list links"] >= 300
    assert not run.links_not_refused, "\n".join(run.links_not_refused)


# The same rules, one case each, with what the person sees.

def test_a_json_body_posted_to_the_sign_in_form_gets_a_page_saying_only_forms_are_taken(client, world):
    response = client.post("/account/login", json={"captcha": {"$gt": ""}, "login": ZHANG,
                                                   "password": demo.DEMO_PASSWORD})

    assert response.status_code == 400 and JSON_REFUSED in text(response)
    assert client.get("/home").status_code == 302  # not signed in


def test_a_file_sent_in_a_text_field_is_refused_with_a_page_saying_so(client, world):
    response = client.post("/account/login", data={"login": (io.BytesIO(b"\x00junk"), "x.jpg"),
                                                   "password": demo.DEMO_PASSWORD},
                           content_type="multipart/form-data")

    assert response.status_code == 400 and "此页面不接受上传文件，请返回页面重新填写后提交。" in text(response)


def test_the_sms_button_still_posts_the_phone_as_its_script_does(client, world):
    response = client.post("/account/sms/register", data={"phone": "13700001234"},
                           content_type="multipart/form-data", headers={"Accept": "application/json"})

    assert response.status_code == 200 and response.get_json()["sent"] is True


def test_the_payment_gateway_is_answered_in_its_own_words_whatever_its_body(client, world):
    response = client.post("/payments/notify", json={"order_no": {"$gt": ""}})

    assert (response.status_code, response.get_data(as_text=True)) == (400, "fail")


@pytest.mark.parametrize("query", ["page_CourseView=abc", "psize_CourseView=abc"])
def test_a_malformed_list_link_gets_a_page_saying_so(admin_client, query):
    response = admin_client.get(f"/courseview/list/?{query}")

    assert response.status_code == 400 and LINK_REFUSED in text(response)


def test_the_lists_own_paging_ordering_and_filter_links_open(admin_client):
    response = admin_client.get("/courseview/list/?page_CourseView=1&psize_CourseView=100"
                                "&_oc_CourseView=name&_od_CourseView=desc&_flt_0_name=法")

    assert response.status_code == 200 and "课程列表" in text(response)


def test_a_list_is_not_ordered_by_a_column_it_does_not_offer(admin_client):
    response = admin_client.get("/candidateview/list/?_oc_CandidateView=password_hash&_od_CandidateView=asc")

    assert response.status_code == 400 and LINK_REFUSED in text(response)


@pytest.mark.parametrize("typed", ["[" * 100_000, "9" * 10_000])
def test_a_definition_nested_too_deep_or_with_a_number_too_long_is_refused_on_the_page(admin_client, typed):
    saved = WorkflowDefinition.latest("exemption")

    response = admin_client.post(f"/workflowdefinitionview/revise/{saved.pk}", data={"body": typed})

    assert response.status_code == 200 and "不是有效的 JSON：其中的数字过长或嵌套过深。" in text(response)


def test_a_nul_character_in_any_field_gets_a_page_saying_so(app, world):
    staff = app.test_client()
    response = staff.post("/login/", data={"username": "admin\x00", "password": "x"})

    assert response.status_code == 400
    assert "提交的内容含有无法识别的空字符，请返回页面删除后重新提交。" in text(response)
