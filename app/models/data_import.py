"""Data imports 数据导入: a file an administrator uploaded (scores, candidates, the catalogue), what its check found
row by row, and what its commit wrote."""
import datetime
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from mongoengine import (CASCADE, DateTimeField, Document, IntField, ObjectIdField, ReferenceField, StringField)

# What can be imported; app/services/imports/ holds one module per kind.
KINDS = (("scores", _l("成绩")), ("candidates", _l("考生（原系统）")), ("courses", _l("课程")),
         ("majors", _l("专业")), ("plans", _l("专业计划")))
CHECKING, CHECKED, COMMITTING, COMMITTED, FAILED = "checking", "checked", "committing", "committed", "failed"
STATES = ((CHECKING, _l("待校验")), (CHECKED, _l("已校验")), (COMMITTING, _l("导入中")), (COMMITTED, _l("已导入")),
          (FAILED, _l("失败")))
# How a file with refused rows is committed: not at all, or its valid rows (the refused ones given back as a sheet).
WHOLE, VALID = "whole", "valid"
MODES = ((WHOLE, _l("拒绝整个文件：有任何一行被拒绝，就一行也不导入")),
         (VALID, _l("导入有效行，退回被拒绝的行：有效行导入，被拒绝的行可下载为表格，改正后再导入")))


class DataImport(Document):
    kind = StringField(required=True, choices=KINDS, verbose_name=_l("导入类型"))
    filename = StringField(required=True, max_length=200, verbose_name=_l("文件名"))
    file_id = ObjectIdField(required=True)  # the uploaded file, in GridFS
    uploaded_by_id = IntField(verbose_name=_l("上传人编号"))
    uploaded_by = StringField(max_length=128, verbose_name=_l("上传人"))
    state = StringField(required=True, default=CHECKING, choices=STATES, verbose_name=_l("状态"))
    # What the file is unreadable for, as a whole (a missing column, a formula in a cell), once its check ran.
    error = StringField(max_length=500, verbose_name=_l("问题"))
    rows = IntField(default=0, min_value=0, verbose_name=_l("行数"))
    # The check's counts; once committed, what the commit found at that moment and wrote.
    new = IntField(default=0, min_value=0, verbose_name=_l("新增"))
    changed = IntField(default=0, min_value=0, verbose_name=_l("修改"))
    unchanged = IntField(default=0, min_value=0, verbose_name=_l("未变"))
    refused = IntField(default=0, min_value=0, verbose_name=_l("拒绝"))
    mode = StringField(choices=MODES, verbose_name=_l("导入方式"))
    check_job = ObjectIdField()
    commit_job = ObjectIdField()
    uploaded_at = DateTimeField(required=True, default=datetime.datetime.now, verbose_name=_l("上传时间"))
    checked_at = DateTimeField(verbose_name=_l("校验时间"))
    committed_at = DateTimeField(verbose_name=_l("导入时间"))

    meta = {
        "collection": "data_imports",
        "ordering": ["-uploaded_at"],
        "indexes": [("uploaded_by_id", "-uploaded_at"), "-uploaded_at", ("kind", "state")],
    }

    @property
    def kind_label(self):
        return str(dict(KINDS)[self.kind])

    @property
    def uploader(self):
        """Who uploaded the file, as the audit trail names a staff user (their id and user name)."""
        return SimpleNamespace(id=self.uploaded_by_id, username=self.uploaded_by)

    @property
    def state_label(self):
        return str(dict(STATES)[self.state])

    @property
    def counts(self):
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged, "refused": self.refused}

    def __str__(self):
        return f"{self.kind_label}：{self.filename}"


class ImportProblem(Document):
    """One problem of one row (row 0: the file as a whole), so a large file's report pages."""

    data_import = ReferenceField(DataImport, required=True, reverse_delete_rule=CASCADE)
    row = IntField(required=True, min_value=0, verbose_name=_l("行号"))
    column = StringField(max_length=50, verbose_name=_l("列"))
    message = StringField(required=True, max_length=500, verbose_name=_l("问题"))

    meta = {"collection": "import_problems", "ordering": ["row"], "indexes": [("data_import", "row")]}
