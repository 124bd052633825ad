"""A Flask-AppBuilder 5 datamodel over MongoEngine documents.

FAB removed its MongoEngine support in 5.0; this is the part of it we need:
the type checks that drive generated forms and search filters, paged and
sorted queries, and add / edit / delete that raise `DatabaseException` so a
failure is never reported as success.
"""
import datetime
import logging
from types import SimpleNamespace

from bson import DBRef, ObjectId
from flask_appbuilder.exceptions import DatabaseException
from flask_appbuilder.models.base import BaseInterface
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
import gridfs
from mongoengine import fields as mf
from mongoengine.base import BaseList
from mongoengine.base.document import NON_FIELD_ERRORS
from mongoengine.connection import get_db
from mongoengine.errors import NotUniqueError, OperationError, ValidationError
from mongoengine.fields import GridFSProxy

from . import filters

log = logging.getLogger(__name__)


class FieldErrors(DatabaseException):
    """A save refused by the store, with a message per form field."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("；".join(f"{k}: {v}" for k, v in errors.items()))


class Missing:
    """In place of a reference to a document that no longer exists (MongoEngine would raise DoesNotExist on reading
    it, a 500): pages show it as （已删除）, the edit form offers the others, and a save not given another keeps the
    reference as it was."""

    def __init__(self, ref):
        self.ref = ref

    @property
    def pk(self):
        return self.ref.id

    id = pk

    def __str__(self):
        return _("（已删除）")

    def __eq__(self, other):
        return isinstance(other, Missing) and other.ref == self.ref

    def __hash__(self):
        return hash(self.ref)

    @staticmethod
    def put_back(document):
        """The references `document` held, where a Missing stands for one, as the store keeps them."""
        for name, value in list(document._data.items()):
            if isinstance(value, Missing):
                document._data[name] = value.ref
            elif isinstance(value, list) and any(isinstance(each, Missing) for each in value):
                document._data[name] = [each.ref if isinstance(each, Missing) else each for each in value]


def active(filters):
    """(filter, value) of each filter given a value: one left blank in a search form is no filter."""
    return [(flt, value) for flt, value in zip(filters.filters, filters.values, strict=True)
            if value not in ("", [""], [])] if filters else []


class MongoEngineInterface(BaseInterface):
    """`case_sensitive`: whether the view's text searches (包含, 开头是, ...) tell upper from lower case."""

    filter_converter_class = filters.MongoEngineFilterConverter

    def __init__(self, obj, case_sensitive=False):
        super().__init__(obj)
        self.case_sensitive = case_sensitive
        # FAB looks filter classes up on the datamodel (e.g. `datamodel.FilterEqual`).
        for name in filters.__all__:
            setattr(self, name, getattr(filters, name))

    @property
    def model_name(self):
        return self.obj.__name__

    def _field(self, col_name):
        return self.obj._fields.get(col_name)

    def _is(self, col_name, *types):
        return isinstance(self._field(col_name), types)

    def db_field(self, col_name):
        return self._field(col_name).db_field

    @property
    def list_columns(self):
        """The SQLAlchemy-shaped column info FAB's form generator reads for choice fields."""
        return {
            name: SimpleNamespace(type=SimpleNamespace(enum_class=None, enums=list(self.choice_values(name))))
            for name in self.get_columns_list()
            if self.is_enum(name)
        }

    def choices(self, col_name):
        """(value, label) pairs of a choice field, whether declared as values or pairs."""
        for choice in self._field(col_name).choices or ():
            if isinstance(choice, (list, tuple)):
                yield choice[0], choice[1]
            else:
                yield choice, choice

    def choice_values(self, col_name):
        return (value for value, _label in self.choices(col_name))

    # Type checks. Order matters to FAB's converters: DateField subclasses DateTimeField.
    def is_enum(self, col_name):
        field = self._field(col_name)
        return field is not None and not isinstance(field, mf.ListField) and bool(field.choices)

    def is_string(self, col_name):
        return self._is(col_name, mf.StringField) and not self.is_enum(col_name)

    def is_text(self, col_name):
        field = self._field(col_name)
        return isinstance(field, mf.StringField) and getattr(field, "multiline", False)

    def is_integer(self, col_name):
        return self._is(col_name, mf.IntField, mf.LongField) and not self.is_enum(col_name)

    def is_float(self, col_name):
        return self._is(col_name, mf.FloatField)

    def is_numeric(self, col_name):
        return self._is(col_name, mf.DecimalField)

    def is_boolean(self, col_name):
        return self._is(col_name, mf.BooleanField)

    def is_date(self, col_name):
        return self._is(col_name, mf.DateField)

    def is_datetime(self, col_name):
        return self._is(col_name, mf.DateTimeField) and not self.is_date(col_name)

    def is_object_id(self, col_name):
        return self._is(col_name, mf.ObjectIdField)

    def is_relation(self, col_name):
        return self.is_relation_many_to_one(col_name) or self.is_relation_many_to_many(col_name)

    def is_relation_many_to_one(self, col_name):
        return self._is(col_name, mf.ReferenceField)

    def is_relation_many_to_many(self, col_name):
        field = self._field(col_name)
        return isinstance(field, mf.ListField) and isinstance(field.field, mf.ReferenceField)

    def is_relation_one_to_one(self, col_name):
        return False

    def is_relation_one_to_many(self, col_name):
        return False

    def is_file(self, col_name):
        return self._is(col_name, mf.FileField) and not self.is_image(col_name)

    def is_image(self, col_name):
        return self._is(col_name, mf.ImageField)

    def is_upload(self, col_name):
        """A file or image kept in GridFS: an upload on forms (views.py), a link or thumbnail on pages."""
        return self._is(col_name, mf.FileField)

    def is_unsupported(self, col_name):
        """Lists of values, dicts and embedded documents: no generated form field."""
        field = self._field(col_name)
        return isinstance(field, (mf.ListField, mf.DictField, mf.EmbeddedDocumentField,
                                  mf.GenericReferenceField)) and not self.is_relation_many_to_many(col_name)

    def is_nullable(self, col_name):
        field = self._field(col_name)
        return field is None or not field.required

    def is_unique(self, col_name):
        """Always False, so FAB's form generator adds no `Unique` validator of its own: that one loads every matching
        document with its references to count them, says "Already exists." in English, refuses a blank optional
        value other documents leave blank too, and ignores `unique_with`, refusing a value taken only in another
        scope. `views.UniqueValue` checks single-field uniqueness instead (reading one id, in the user's language);
        a clash within a `unique_with` scope is refused by the store's unique index and named on the form by
        `_duplicate_messages`."""
        return False

    def is_pk(self, col_name):
        return col_name == self.get_pk_name()

    def is_pk_composite(self):
        return False

    def get_max_length(self, col_name):
        return getattr(self._field(col_name), "max_length", None) or -1

    def get_min_length(self, col_name):
        return getattr(self._field(col_name), "min_length", None) or -1

    def get_col_default(self, col_name):
        default = getattr(self._field(col_name), "default", None)
        return default() if callable(default) else default

    # Columns
    def get_columns_list(self):
        return [name for name in self.obj._fields_ordered if name not in ("_cls",)]

    def get_user_columns_list(self):
        return [name for name in self.get_columns_list() if not self.is_pk(name)]

    def get_search_columns_list(self):
        return [
            name for name in self.get_user_columns_list()
            if not self.is_unsupported(name) and self.filter_converter_class(self).convert(name)
        ]

    def get_order_columns_list(self, list_columns=None):
        """The columns a list may be sorted by: the document's own plain fields, and a many-to-one reference's own
        field written `reference.field` (e.g. `university.name`)."""
        columns = list_columns or self.get_columns_list()
        return [
            name for name in columns
            if name in self.obj._fields and not self.is_unsupported(name) and not self.is_relation_many_to_many(name)
            and not self.is_upload(name) or self.reference_order(name)
        ]

    def reference_order(self, column):
        """(reference, field) of a column `reference.field` the list may be sorted by, else None."""
        reference, _dot, field = (column or "").partition(".")
        if field and "." not in field and self.is_relation_many_to_one(reference) and \
                self.get_related_interface(reference).get_order_columns_list([field]) == [field]:
            return reference, field
        return None

    # Relations
    def get_related_model(self, col_name):
        field = self._field(col_name)
        if isinstance(field, mf.ListField):
            field = field.field
        return field.document_type

    def get_related_interface(self, col_name):
        return MongoEngineInterface(self.get_related_model(col_name))

    def get_related_obj(self, col_name, value):
        if not ObjectId.is_valid(str(value)):
            return None
        return self.get_related_model(col_name).objects(pk=value).first()

    def get_related_fk(self, model):
        for col_name in self.get_columns_list():
            if self.is_relation(col_name) and self.get_related_model(col_name) == model:
                return col_name
        return None

    # Keys go out as strings: ObjectId is not JSON-serialisable and FAB compares keys as text.
    def get_pk_name(self):
        return "id"

    def get_pk_value(self, item):
        return str(item.pk)

    def get_keys(self, lst):
        return [str(item.pk) for item in lst]

    # Values for list and show pages
    def _get_attr_value(self, item, col):
        head, _dot, rest = col.partition(".")
        if rest and isinstance(item._data.get(head), Missing):
            return item._data[head]
        field = self._field(col)
        value = super()._get_attr_value(item, col)
        if field is None:
            return value
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, GridFSProxy):
            return value if value.gridout is not None else ""
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, (list, tuple)):
            return "、".join(str(v) for v in value)
        if field.choices:
            return dict(self.choices(col)).get(value, value)
        return value

    # Queries
    def query(self, filters=None, order_column="", order_direction="", page=None, page_size=None,
              select_columns=None, **_kwargs):
        """Return (count, items): count before paging, items of the page with references loaded; given
        `select_columns`, only those fields are read, and only their references."""
        queryset = self.filtered(filters)
        count = self.count(queryset, filters)
        by_reference = self.reference_order(order_column)
        if by_reference:
            items = self._ordered_by_reference(queryset, *by_reference, order_direction, page, page_size,
                                               select_columns)
        else:
            if order_column in self.get_order_columns_list([order_column]):
                queryset = self.ordered(queryset, order_column, order_direction)
            if page_size:
                start = (page or 0) * page_size
                queryset = queryset.skip(start).limit(page_size)
            items = queryset.only(*select_columns) if select_columns else queryset
        columns = select_columns or self.get_columns_list()
        return count, self.with_files(self.with_references(items, columns, self.known()), columns)

    def filtered(self, filters=None):
        """The documents `filters` leave; a filter left blank in a search form is no filter (FAB would look for the
        empty value, and a blank choice would find nothing)."""
        if not filters:
            return self.obj.objects
        kept = filters.copy()
        pairs = active(filters)
        kept.filters, kept.values = [flt for flt, _value in pairs], [value for _flt, value in pairs]
        return kept.apply_all(self.obj.objects)

    def ordered(self, queryset, column, direction):
        return queryset.order_by(f"{'-' if direction == 'desc' else '+'}{column}")

    def _ordered_by_reference(self, queryset, reference, field, direction, page, page_size, select_columns):
        """A page of `queryset` in the order of a field of the documents `reference` names: one aggregation finds the
        page's ids (each referenced document looked up by its _id; one that is gone sorts as empty), one query reads
        them. Ties go by id, the same way, so pages never repeat or skip a row."""
        related = self.get_related_model(reference)
        sign = -1 if direction == "desc" else 1
        pipeline = [
            {"$lookup": {"from": related._get_collection_name(), "localField": self.db_field(reference),
                         "foreignField": "_id", "as": "_by"}},
            {"$unwind": {"path": "$_by", "preserveNullAndEmptyArrays": True}},
            {"$sort": {f"_by.{related._fields[field].db_field}": sign, "_id": sign}},
        ]
        if page_size:
            pipeline += [{"$skip": (page or 0) * page_size}, {"$limit": page_size}]
        ids = [row["_id"] for row in queryset.aggregate(pipeline + [{"$project": {"_id": 1}}])]
        page_items = queryset.filter(pk__in=ids)
        found = {item.pk: item for item in (page_items.only(*select_columns) if select_columns else page_items)}
        return [found[pk] for pk in ids if pk in found]

    def count(self, queryset, filters):
        """How many documents `filters` leave (a datamodel that knows the count without counting says so here)."""
        return queryset.count()

    def known(self):
        """{column: {id: document}} of referenced documents already loaded for this request, enough to show a list's
        rows (a single record's are read whole)."""
        return {}

    def with_references(self, items, columns, known=None):
        """The documents `items`, with the documents their `columns` refer to loaded in one query per column (none
        for those in `known`, {column: {id: document}}), and a reference to a document that no longer exists replaced
        by `Missing`."""
        items, known = list(items), known or {}
        for name in columns:
            many = self.is_relation_many_to_many(name)
            if not (many or self.is_relation_many_to_one(name)):
                continue
            held = {id(item): item._data.get(name) for item in items}
            refs = [ref for value in held.values() for ref in (value or [] if many else [value])
                    if isinstance(ref, DBRef)]
            loaded = dict(known.get(name, {}))
            ids = {ref.id for ref in refs} - set(loaded)
            if ids:
                loaded.update(self.get_related_model(name).objects.in_bulk(list(ids)))

            def resolved(ref, loaded=loaded):
                if not isinstance(ref, DBRef):
                    return ref
                found = loaded.get(ref.id)
                return Missing(ref) if found is None else found

            for item in items:
                value = held[id(item)]
                if many and value:
                    value = BaseList([resolved(ref) for ref in value], item, name)
                    value._dereferenced = True
                    item._data[name] = value
                elif not many:
                    item._data[name] = resolved(value)
        return items

    def with_files(self, items, columns):
        """`items`, the files of their upload `columns` read in one query per column (MongoEngine reads each file on
        first use, one query per row); a file the store no longer has leaves its column empty."""
        for name in columns:
            if not self.is_upload(name):
                continue
            proxies = [proxy for item in items if (proxy := item._data.get(name))]
            if not proxies:
                continue
            root = get_db(proxies[0].db_alias)[proxies[0].collection_name]
            found = {doc["_id"]: doc for doc in root.files.find({"_id": {"$in": [p.grid_id for p in proxies]}})}
            for proxy in proxies:
                doc = found.get(proxy.grid_id)
                proxy.gridout = None if doc is None else gridfs.GridOut(root, file_document=doc)
        return items

    def get(self, pk, filter=None):
        """The document with this key, if it passes `filter`; None for a malformed or unknown key."""
        if not ObjectId.is_valid(str(pk)):
            return None
        queryset = self.obj.objects
        if filter:
            queryset = filter.apply_all(queryset)
        item = queryset.filter(pk=ObjectId(str(pk))).first()
        return item and self.with_files(self.with_references([item], self.get_columns_list()),
                                        self.get_columns_list())[0]

    def get_many(self, pks, filter=None):
        """The documents with these keys that pass `filter`, in one query; malformed and unknown keys are skipped."""
        queryset = self.obj.objects
        if filter:
            queryset = filter.apply_all(queryset)
        return list(queryset.filter(pk__in=[ObjectId(str(pk)) for pk in pks if ObjectId.is_valid(str(pk))]))

    # Writes: failures raise, so FAB never reports a failed save as a success.
    def add(self, item, commit=True):
        self._save(item)

    def edit(self, item, commit=True):
        self._save(item)

    def _save(self, item):
        Missing.put_back(item)
        try:
            item.save()
        except ValidationError as error:
            raise FieldErrors(self._validation_messages(error)) from error
        except NotUniqueError as error:
            raise FieldErrors(self._duplicate_messages(item)) from error
        except OperationError as error:
            log.exception("Could not save %s", self.model_name)
            raise DatabaseException(_("保存失败，请稍后重试。")) from error

    def delete(self, item, commit=True):
        try:
            item.delete()
        except OperationError as error:
            log.info("Refused to delete %s %s: %s", self.model_name, item.pk, error)
            raise DatabaseException(_("仍有其他记录引用此项，不能删除。")) from error

    def _validation_messages(self, error):
        """One message per field; rules raised by a document's clean() keep their own wording."""
        messages = {}
        for name, field_error in (error.errors or {}).items():
            if name == NON_FIELD_ERRORS and getattr(field_error, "errors", None):
                messages.update(self._validation_messages(field_error))
                continue
            own = getattr(field_error, "message", None)
            if isinstance(own, LazyString):
                messages[name] = str(own)
            else:
                messages[name] = getattr(self._field(name), "error_message", None) or _("该项的值不符合要求。")
        return messages or {NON_FIELD_ERRORS: _("数据不符合要求。")}

    def _duplicate_messages(self, item):
        """Name the unique field whose value is already taken by another document."""
        messages = {}
        for name, field in self.obj._fields.items():
            if not getattr(field, "unique", False):
                continue
            others = [field.unique_with] if isinstance(field.unique_with, str) else field.unique_with or []
            scope = {other: item[other] for other in others}
            clash = self.obj.objects(**{name: item[name]}, **scope, pk__ne=item.pk).first()
            if clash is not None:
                messages[name] = _("该值已被使用。")
        return messages or {NON_FIELD_ERRORS: _("与已有记录重复。")}
