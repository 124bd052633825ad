"""FileField and ImageField columns: uploads on generated forms, checked as candidate uploads are and kept in GridFS,
and on lists and show pages a download link or a thumbnail, within the viewer's scope."""
import io

import gridfs
import pytest
from flask_babel import lazy_gettext as _l
from mongoengine import Document, FileField, ImageField, StringField, ValidationError
from mongoengine.connection import get_db
from PIL import Image

from app import create_app
from app.datamodel import MongoEngineInterface, MongoModelView
from app.datamodel.filters import FilterStartsWith
from app.extensions import db
from app.models import AuditEntry
from bench.roundtrips import counting
from tests.fixtures import TestingConfig, errors, jpeg, text

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj " \
      b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"


class Leaflet(Document):
    title = StringField(required=True, verbose_name="标题")
    attachment = FileField(required=True, verbose_name="附件")
    picture = ImageField(thumbnail_size=(64, 64, True), verbose_name="图片")

    meta = {"collection": "test_leaflets"}

    def clean(self):
        if self.title == "不可保存":
            raise ValidationError(errors={"title": ValidationError(_l("此标题不可保存。"))})


class LeafletView(MongoModelView):
    noun = "传单"
    datamodel = MongoEngineInterface(Leaflet)
    base_filters = [["title", FilterStartsWith, "公开"]]
    list_columns = ["title", "attachment", "picture"]


@pytest.fixture(scope="module")
def leaflet_app():
    """An app with a page over Leaflet, and an administrator to open it."""
    app = create_app(TestingConfig)
    with app.app_context():
        app.appbuilder.add_view_no_menu(LeafletView)
        security = app.appbuilder.sm
        security.add_user("filer", "文", "件", "filer@example.com", security.find_role(security.auth_role_admin), password="secret")
    return app


@pytest.fixture
def filer(leaflet_app):
    client = leaflet_app.test_client()
    assert client.post("/login/", data={"username": "filer", "password": "secret"}).status_code == 302
    yield client
    with leaflet_app.app_context():
        Leaflet.objects.delete()


def stored_files():
    return get_db()["fs.files"].count_documents({})


PHOTO = jpeg((300, 200))


def add(client, title="公开传单", attachment=(PDF, "说明.pdf"), picture=(PHOTO, "照片.jpg")):
    data = {"title": title}
    if attachment:
        data["attachment"] = (io.BytesIO(attachment[0]), attachment[1])
    if picture:
        data["picture"] = (io.BytesIO(picture[0]), picture[1])
    return client.post("/leafletview/add", data=data, content_type="multipart/form-data")


def test_the_add_form_takes_a_file_and_an_image_which_lists_and_show_pages_link(leaflet_app, filer):
    form = filer.get("/leafletview/add").get_data(True)
    saved = add(filer)
    with leaflet_app.app_context():
        leaflet = Leaflet.objects.get(title="公开传单")
    listed = filer.get("/leafletview/list/").get_data(True)
    shown = filer.get(f"/leafletview/show/{leaflet.pk}").get_data(True)
    download = filer.get(f"/leafletview/file/{leaflet.pk}/attachment")
    thumbnail = filer.get(f"/leafletview/file/{leaflet.pk}/picture?thumbnail=1")

    assert 'type="file"' in form and "接受 PDF、JPG、PNG，不超过 20480 KB。" in text(filer.get("/leafletview/add"))
    assert saved.status_code == 302
    for page in (listed, shown):
        assert f'href="/leafletview/file/{leaflet.pk}/attachment"' in page and "说明.pdf" in page
        assert f'src="/leafletview/file/{leaflet.pk}/picture?thumbnail=1"' in page
        assert "GridFSProxy" not in page
    assert (download.data, download.mimetype) == (PDF, "application/pdf")
    assert "attachment" in download.headers["Content-Disposition"]
    assert Image.open(io.BytesIO(thumbnail.data)).size == (64, 64)


@pytest.mark.parametrize("attachment, picture, message", [
    ((b"not a pdf at all", "伪装.pdf"), None, "伪装.pdf 无法识别为 PDF、JPG、PNG 文件，可能已损坏或只是改了扩展名。"),
    ((PDF, "说明.pdf"), (PDF, "照片.jpg"), "照片.jpg 的实际格式是 PDF，只接受 JPG、PNG。"),
    ((PDF, "说明.pdf"), (b"\xff\xd8\xff" + b"0" * 100, "坏图.jpg"), "坏图.jpg 无法识别为 JPG、PNG 文件"),
    ((b"", "空.pdf"), None, "空.pdf 是空文件。"),
    (None, None, "请上传文件。"),
])
def test_a_refused_upload_says_why_and_nothing_is_kept(leaflet_app, filer, attachment, picture, message):
    with leaflet_app.app_context():
        before = stored_files()

    response = add(filer, attachment=attachment, picture=picture)

    assert response.status_code == 200
    assert any(message in shown for shown in errors(response)) or message in text(response)
    assert 'value="公开传单"' in response.get_data(True)
    with leaflet_app.app_context():
        assert (Leaflet.objects.count(), stored_files()) == (0, before)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(leaflet_app, filer):
    response = add(filer, picture=(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "巨图.jpg"))

    assert "巨图.jpg 大小为 5120 KB，超过了 5120 KB 的上限。" in text(response)


def test_editing_keeps_the_file_unless_another_is_sent_and_replacing_removes_the_old_one(leaflet_app, filer):
    add(filer)
    with leaflet_app.app_context():
        leaflet = Leaflet.objects.get()
        first = leaflet.attachment.grid_id
        before = stored_files()

    page = text(filer.get(f"/leafletview/edit/{leaflet.pk}"))
    kept = filer.post(f"/leafletview/edit/{leaflet.pk}", data={"title": "公开传单（改）"},
                      content_type="multipart/form-data")
    replaced = filer.post(f"/leafletview/edit/{leaflet.pk}", data={
        "title": "公开传单（改）", "attachment": (io.BytesIO(PDF), "新说明.pdf")}, content_type="multipart/form-data")

    assert "已有文件：说明.pdf。选择新文件将替换它，不选则保留。" in page
    assert kept.status_code == replaced.status_code == 302
    with leaflet_app.app_context():
        leaflet.reload()
        assert leaflet.attachment.filename == "新说明.pdf" and leaflet.attachment.grid_id != first
        assert stored_files() == before
        assert gridfs.GridFS(get_db()).exists(first) is False
        change = AuditEntry.objects(model="Leaflet", action="edit").order_by("-at").first().changes["attachment"]
        assert change["old"].startswith("说明.pdf") and change["new"].startswith("新说明.pdf")


def test_a_save_the_store_refuses_keeps_neither_file_nor_loses_the_old_one(leaflet_app, filer):
    add(filer)
    with leaflet_app.app_context():
        leaflet = Leaflet.objects.get()
        before = stored_files()

    refused = filer.post(f"/leafletview/edit/{leaflet.pk}", data={
        "title": "不可保存", "attachment": (io.BytesIO(PDF), "新说明.pdf")}, content_type="multipart/form-data")

    assert "此标题不可保存。" in text(refused)
    assert "已有文件：说明.pdf。" in text(refused)
    with leaflet_app.app_context():
        assert stored_files() == before
        assert Leaflet.objects.get().attachment.filename == "说明.pdf"


def test_files_of_records_outside_the_viewers_scope_are_not_served(leaflet_app, filer):
    with leaflet_app.app_context():
        hidden = Leaflet(title="内部传单")
        hidden.attachment.put(io.BytesIO(PDF), filename="内部.pdf", content_type="application/pdf")
        hidden.save()

    assert filer.get(f"/leafletview/file/{hidden.pk}/attachment").status_code == 404
    assert "内部.pdf" not in filer.get("/leafletview/list/").get_data(True)
    assert filer.get(f"/leafletview/file/{hidden.pk}/title").status_code == 404


def test_a_list_reads_its_files_in_one_query_per_column(leaflet_app, filer):
    counts = {}
    for rows in (2, 6):
        while True:
            with leaflet_app.app_context():
                if Leaflet.objects.count() >= rows:
                    break
            add(filer, title=f"公开传单{rows}-{Leaflet.objects.count()}")
        filer.get("/leafletview/list/")
        with leaflet_app.app_context(), counting(db.engine) as trips:
            assert filer.get("/leafletview/list/").status_code == 200
        counts[rows] = trips.mongo

    assert counts[2] == counts[6]


def test_a_file_the_store_no_longer_has_shows_nothing(app_ctx, store):
    leaflet = Leaflet(title="公开传单")
    leaflet.attachment.put(io.BytesIO(PDF), filename="说明.pdf", content_type="application/pdf")
    leaflet.save()
    other = Leaflet(title="公开传单二")
    other.attachment.put(io.BytesIO(PDF), filename="另一份.pdf", content_type="application/pdf")
    other.save()
    gridfs.GridFS(get_db()).delete(leaflet.attachment.grid_id)
    leaflets = MongoEngineInterface(Leaflet)

    values = {item.title: leaflets.get_values_item(item, ["attachment"])[0] for item in leaflets.query()[1]}

    assert values["公开传单"] == ""
    assert values["公开传单二"].gridout.filename == "另一份.pdf"
    Leaflet.objects.delete()
