"""Importing the catalogue: courses 课程 and majors 专业 by their codes, and major plans 专业计划 (one row per course of
a module, a plan being every row of its major). Values are held to the models' own field rules: a document is built
and validated, and each of its errors is named by its column."""
from bson import ObjectId
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from mongoengine import ValidationError
from pymongo import UpdateOne

from app.models import Course, ElectiveGroup, Major, MajorPlan, PlanModule, University

from .base import CHANGED, NEW, UNCHANGED, BaseChecker, by_field, code, integer, text, validation_problems
from .sheets import Column


def _validated(row, document, labels):
    """Whether `document` keeps its model's rules; if not, the row refused with each error under its column."""
    try:
        document.validate()
    except ValidationError as error:
        for column, message in validation_problems(type(document), error, labels):
            row.refuse(column, message)
        return False
    return True


class _ByCode(BaseChecker):
    """Documents kept by a unique code: a new code is added, a known one has its changed fields set."""

    model = None
    fields = ()  # the columns the document takes, by field name
    columns = ()

    def __init__(self, data_import):
        super().__init__(data_import)
        self.first_row = {}

    def references(self, rows):
        """{column name: {code: id}} of the codes a batch refers to; none unless a kind has some."""
        return {}

    def check(self, rows):
        labels = {column.name: column.title for column in self.columns}
        known = {doc["code"]: doc for doc in self.model._get_collection().find(
            {"code": {"$in": list({row.values["code"] for row in rows} - {None})}})}
        references = self.references(rows)
        for row in rows:
            number = row.values["code"]
            if number in self.first_row:
                row.refuse(labels["code"], _("与第%(row)d行重复：同一代码只能有一行。", row=self.first_row[number]))
            elif number:
                self.first_row[number] = row.number
            values = {name: row.values[name] for name in self.fields}
            for name, codes in references.items():
                given = row.values[name]
                if given is not None and given not in codes:
                    row.refuse(labels[name], _("%(column)s %(code)s 不存在。", column=labels[name], code=given))
                values[name] = codes.get(given)
            if row.refused:
                continue
            values = {name: value for name, value in values.items() if value is not None}
            document = self.model(**values)
            if not _validated(row, document, labels):
                continue
            stored, before = document.to_mongo().to_dict(), known.get(number)
            if before is None:
                row.state, row.write = NEW, stored
                continue
            changes = {name: value for name, value in stored.items() if before.get(name) != value}
            row.state, row.write = (CHANGED, (before["_id"], changes)) if changes else (UNCHANGED, None)

    def write(self, rows):
        collection = self.model._get_collection()
        added = [row.write for row in rows if row.state == NEW]
        if added:
            collection.insert_many(added, ordered=False)
        changed = [UpdateOne({"_id": pk}, {"$set": sets}) for pk, sets in (row.write for row in rows
                                                                            if row.state == CHANGED)]
        if changed:
            collection.bulk_write(changed, ordered=False)


COURSE_COLUMNS = (
    Column("code", _l("课程代码"), by_field(Course, "code", code(5)), note=_l("5位数字，如 03709。")),
    Column("name", _l("课程名称"), by_field(Course, "name")),
    Column("credits", _l("学分"), by_field(Course, "credits", integer), note=_l("0–30的整数。")),
    Column("kind", _l("类型"), by_field(Course, "kind"), required=False, note=_l("理论、实践或论文，不填为理论。")),
    Column("textbook", _l("教材"), by_field(Course, "textbook"), required=False),
)


class courses:
    COLUMNS = COURSE_COLUMNS
    NOTES = (_l("以课程代码识别课程：新的代码新增课程，已有的更新有变化的名称、学分、类型和教材。"),)

    class Checker(_ByCode):
        model, fields, columns = Course, ("code", "name", "credits", "kind", "textbook"), COURSE_COLUMNS


MAJOR_COLUMNS = (
    Column("code", _l("专业代码"), by_field(Major, "code", code(6)), note=_l("如 030101K。")),
    Column("name", _l("专业名称"), by_field(Major, "name")),
    Column("level", _l("层次"), by_field(Major, "level"), note=_l("专科或本科。")),
    Column("university", _l("主考院校代码"), code(5), note=_l("5位院校代码，须是平台中已有的主考院校。")),
    Column("status", _l("状态"), by_field(Major, "status"), required=False,
           note=_l("开考、停考过渡期或停考，不填为开考。")),
)


class majors:
    COLUMNS = MAJOR_COLUMNS
    NOTES = (_l("以专业代码识别专业：新的代码新增专业，已有的更新有变化的信息。"),)

    class Checker(_ByCode):
        model, fields, columns = Major, ("code", "name", "level", "university", "status"), MAJOR_COLUMNS

        def references(self, rows):
            wanted = list({row.values["university"] for row in rows} - {None})
            return {"university": dict(University.objects(code__in=wanted).order_by().scalar("code", "id"))}


class plans:
    COLUMNS = (
        Column("major", _l("专业代码"), code(6), note=_l("须是平台中已有的专业；一个专业的所有行组成它的专业计划。")),
        Column("total", _l("毕业最低总学分"), integer, note=_l("同一专业各行相同。")),
        Column("order", _l("模块顺序"), integer, note=_l("从1开始的整数。")),
        Column("module", _l("模块名称"), text),
        Column("module_credits", _l("模块最低学分"), integer, required=False, note=_l("同一模块各行相同，不填为0。")),
        Column("course", _l("课程代码"), code(5), note=_l("须是课程目录中已有的课程。")),
        Column("group", _l("选考组名称"), text, required=False, note=_l("不填：该课程为模块的必考课程；填写：该课程属于此选考组。")),
        Column("choose", _l("至少选考门数"), integer, required=False, note=_l("填写选考组时必填，同一选考组各行相同。")),
    )
    NOTES = (_l("专业计划整体替换：文件中一个专业的计划与平台中的不同时，该专业的模块和选考组全部按文件重建；相同时不变。"),
             _l("一个专业的任何一行有误，该专业的计划整体不导入。"))
    # A plan is all the rows of its major, so the file is checked in one batch.
    BATCH = 10**9

    class Checker(BaseChecker):
        def check(self, rows):
            labels = {column.name: column.title for column in plans.COLUMNS}
            majors = dict(Major.objects(code__in=list({r.values["major"] for r in rows} - {None})).order_by()
                          .scalar("code", "id"))
            courses = dict(Course.objects(code__in=list({r.values["course"] for r in rows} - {None})).order_by()
                           .scalar("code", "id"))
            by_major = {}
            for row in rows:
                values = row.values
                if values["major"] and values["major"] not in majors:
                    row.refuse(labels["major"], _("没有代码为 %(code)s 的专业。", code=values["major"]))
                if values["course"] and values["course"] not in courses:
                    row.refuse(labels["course"], _("课程目录中没有课程代码 %(code)s。", code=values["course"]))
                if values["group"] and values["choose"] is None:
                    row.refuse(labels["choose"], _("填写选考组时请填写至少选考门数。"))
                by_major.setdefault(values["major"], []).append(row)
            stored = _stored_plans([majors[code] for code in by_major if code in majors])
            for major, listed in by_major.items():
                whole = major in majors and not any(row.refused for row in listed)
                built = _built(listed, labels, majors[major], courses) if whole else None
                broken = [row for row in listed if row.refused]
                for row in listed:
                    if broken and not row.refused:
                        row.refuse(labels["major"], _("本专业计划的第%(row)d行有误，整个专业计划不导入。",
                                                      row=broken[0].number))
                if broken or built is None:
                    continue
                before = stored.get(majors[major])
                state = NEW if before is None else UNCHANGED if before["shape"] == built["shape"] else CHANGED
                for row in listed:
                    row.state = state
                listed[0].write = (built, before)

        def write(self, rows):
            _replace([row.write for row in rows if row.write is not None])


def _built(rows, labels, major, courses):
    """The plan the rows of one major make, its documents validated by the models' rules (each error refusing the
    row it came from), as {"plan", "modules": [(module, [groups])], "shape"}; None if any row is refused."""
    first = rows[0].values
    plan = MajorPlan(id=ObjectId(), major=major, total_min_credits=first["total"])
    for row in rows:
        if row.values["total"] != first["total"]:
            row.refuse(labels["total"], _("同一专业的毕业最低总学分应相同（第%(row)d行为 %(total)s）。", row=rows[0].number,
                                          total=first["total"]))
    _validated(rows[0], plan, labels)
    modules = {}
    for row in rows:
        values = row.values
        module = modules.get(values["order"])
        if module is None:
            module = modules[values["order"]] = {"row": row, "document": PlanModule(
                id=ObjectId(), plan=plan, order=values["order"], name=values["module"],
                min_credits=values["module_credits"] or 0, required_courses=[]), "groups": {}}
        elif (module["document"].name, module["document"].min_credits) != (values["module"], values["module_credits"] or 0):
            row.refuse(labels["module"], _("模块顺序 %(order)s 在第%(row)d行的模块名称或最低学分与此行不同。",
                                           order=values["order"], row=module["row"].number))
            continue
        course = courses.get(values["course"])
        if values["group"] is None:
            module["document"].required_courses.append(course)
            continue
        group = module["groups"].get(values["group"])
        if group is None:
            group = module["groups"][values["group"]] = {"row": row, "document": ElectiveGroup(
                module=module["document"], name=values["group"], choose=values["choose"], courses=[])}
        elif group["document"].choose != values["choose"]:
            row.refuse(labels["choose"], _("选考组“%(group)s”在第%(row)d行的至少选考门数与此行不同。",
                                           group=values["group"], row=group["row"].number))
        group["document"].courses.append(course)
    if any(row.refused for row in rows):
        return None
    for module in modules.values():
        _validated(module["row"], module["document"], labels)
        for group in module["groups"].values():
            _validated(group["row"], group["document"], {**labels, "courses": labels["course"], "name": labels["group"]})
    if any(row.refused for row in rows):
        return None
    listed = [(module["document"], [group["document"] for group in module["groups"].values()])
              for _order, module in sorted(modules.items())]
    return {"plan": plan, "modules": listed, "shape": _shape(plan.total_min_credits, listed)}


def _shape(total, modules):
    """What a plan says, comparable: its total, and per module its order, name, credits, required courses and groups."""
    return (total, tuple(sorted((module.order, module.name, module.min_credits,
                                 tuple(sorted(_ids(module.required_courses))),
                                 tuple(sorted((group.name, group.choose, tuple(sorted(_ids(group.courses))))
                                              for group in groups))) for module, groups in modules)))


def _ids(references):
    return [getattr(each, "id", each) for each in references]


def _stored_plans(major_ids):
    """{major id: {"id", "shape"}} of the stored plans of these majors, in three queries."""
    plans = {doc["major"]: doc for doc in MajorPlan.objects(major__in=major_ids).as_pymongo()}
    modules = list(PlanModule.objects(plan__in=[doc["_id"] for doc in plans.values()]).no_dereference())
    groups = {}
    for group in ElectiveGroup.objects(module__in=[module.pk for module in modules]).no_dereference():
        groups.setdefault(group.module.id, []).append(group)
    found = {}
    for major, doc in plans.items():
        listed = [(module, groups.get(module.pk, [])) for module in modules if module.plan.id == doc["_id"]]
        found[major] = {"id": doc["_id"], "shape": _shape(doc.get("total_min_credits"), listed)}
    return found


def _replace(written):
    """Write plans, each (built, before): created, or its total set and its modules and groups rebuilt wholly; in
    a fixed number of round trips, whatever the plans, modules and groups (a file may hold every major's)."""
    created, totals, replaced, modules, groups = [], [], [], [], []
    for built, before in written:
        plan = built["plan"]
        if before is None:
            created.append(plan.to_mongo())
        else:
            plan.id = before["id"]
            totals.append(UpdateOne({"_id": plan.id}, {"$set": {"total_min_credits": plan.total_min_credits}}))
            replaced.append(plan.id)
        for module, module_groups in built["modules"]:
            module.plan = plan
            modules.append(module.to_mongo())
            for group in module_groups:
                group.module = module
                groups.append(group.to_mongo())
    if created:
        MajorPlan._get_collection().insert_many(created, ordered=False)
    if totals:
        MajorPlan._get_collection().bulk_write(totals, ordered=False)
    if replaced:
        old = list(PlanModule.objects(plan__in=replaced).scalar("id"))
        ElectiveGroup._get_collection().delete_many({"module": {"$in": old}})
        PlanModule._get_collection().delete_many({"_id": {"$in": old}})
    if modules:
        PlanModule._get_collection().insert_many(modules, ordered=False)
    if groups:
        ElectiveGroup._get_collection().insert_many(groups, ordered=False)
