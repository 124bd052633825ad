"""The photo rules of identity verification: each rule broken is named, all of them at once."""
import io
import re

import pytest
from PIL import Image, ImageDraw

from app.services import photos
from app.services.demo_photos import jpeg_within, with_noise
from app.services import files
from forms.spec import FileRules

LIGHT_BLUE = (100, 197, 255)
HEAD = (120, 80, 360, 460)  # an ellipse: top of the head 80 px down, 240 px wide, centred


def registration_photo(background=LIGHT_BLUE, head=HEAD, size=(480, 640), kb=(20, 40)):
    """A registration photo: a dark ellipse where the face goes on a plain background."""
    image = Image.new("RGB", size, background)
    if head:
        ImageDraw.Draw(image).ellipse(head, fill=(70, 50, 40))
    return jpeg_within(with_noise(image, 4), *kb)


def id_card_photo(size=(856, 540), kb=(20, 80)):
    return jpeg_within(with_noise(Image.new("RGB", size, (230, 225, 210)), 6), *kb)


def test_a_good_registration_photo_passes():
    assert photos.registration_photo(registration_photo()) == []


def test_a_light_blue_near_the_reference_passes_and_a_deeper_blue_does_not():
    assert photos.registration_photo(registration_photo(background=(120, 205, 240))) == []
    assert photos.registration_photo(registration_photo(background=(60, 140, 220)))[0].startswith(
        "背景应为浅蓝色（参考值 RGB 100,197,255）：照片上方和两侧的平均颜色为 RGB ")


@pytest.mark.parametrize("content, message", [
    (registration_photo(size=(600, 800), head=(150, 100, 450, 575)), "报名照片为 600×800 像素，应为宽 480、高 640 像素"),
    (registration_photo(kb=(45, 80)), "报名照片大小为"),
    (registration_photo(kb=(5, 18)), "报名照片大小为"),
    (registration_photo(background=(250, 250, 250)), "背景应为浅蓝色（参考值 RGB 100,197,255）"),
    (registration_photo(head=None), "照片中部（眼睛所在高度）与背景颜色无明显区别，未检测到人像"),
    (registration_photo(head=(120, 20, 360, 400)), "头顶距上边沿约"),
    (registration_photo(head=(120, 150, 360, 530)), "头顶距上边沿约"),
    (registration_photo(head=(175, 80, 305, 460)), "眼睛所在高度的人像宽度约"),
    (registration_photo(head=(40, 80, 280, 460)), "人像未水平居中"),
], ids=["size", "too-big", "too-small", "white-background", "blank-face-area", "head-too-high", "head-too-low",
        "face-too-narrow", "off-centre"])
def test_each_broken_rule_is_named(content, message):
    problems = photos.registration_photo(content)

    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize("top", [20, 150])
def test_the_head_top_is_measured_and_the_allowed_range_given(top):
    problems = photos.registration_photo(registration_photo(head=(120, top, 360, top + 380)))

    measured = int(re.fullmatch(r"头顶距上边沿约 (\d+) 像素，应为 50–110 像素", problems[0]).group(1))
    assert abs(measured - top) <= 5


def test_size_messages_say_how_big_and_what_is_allowed():
    big = registration_photo(kb=(45, 80))

    assert photos.registration_photo(big) == [f"报名照片大小为 {len(big) / 1024:.1f} KB，应为 20–40 KB"]


def test_a_png_named_jpg_is_refused_with_every_other_rule_it_breaks():
    out = io.BytesIO()
    Image.open(io.BytesIO(registration_photo())).save(out, "PNG")

    problems = photos.registration_photo(out.getvalue())

    assert problems[0] == "报名照片的实际格式是 PNG，应为 JPG"
    assert problems[1].startswith("报名照片大小为")  # a PNG of a photo is far beyond 40 KB
    assert len(problems) == 2


def test_every_failure_is_returned_not_just_the_first():
    content = registration_photo(background=(250, 250, 250), head=(175, 20, 305, 460), kb=(45, 90))

    problems = photos.registration_photo(content)

    assert len(problems) == 4
    for problem, rule in zip(problems, ("报名照片大小为", "背景应为浅蓝色", "头顶距上边沿约", "眼睛所在高度的人像宽度约"), strict=True):
        assert problem.startswith(rule)


def test_a_file_that_is_no_picture_is_refused_alone():
    assert photos.registration_photo(b"%PDF-1.4 not a photo") == ["报名照片无法识别为图片，应为 JPG 格式"]


def test_a_good_id_card_photo_passes():
    assert photos.id_card_photo(id_card_photo()) == []


@pytest.mark.parametrize("content, message", [
    (id_card_photo(kb=(85, 200)), "身份证照片大小为"),
    (id_card_photo(size=(300, 190), kb=(1, 19)), "身份证照片大小为"),
    (id_card_photo(size=(540, 856)), "身份证照片为 540×856 像素，高度应小于宽度"),
    (id_card_photo(size=(856, 400)), "身份证照片被拉伸或变形：宽高比为 2.14，身份证为 1.59（85.6:54）"),
    (id_card_photo(size=(856, 640)), "身份证照片被拉伸或变形：宽高比为 1.34"),
    (b"not a picture", "身份证照片无法识别为图片"),
], ids=["too-big", "too-small", "taller-than-wide", "stretched-wide", "squashed", "not-a-picture"])
def test_each_broken_id_card_rule_is_named(content, message):
    problems = photos.id_card_photo(content)

    assert any(message in problem for problem in problems), problems


def test_a_card_within_a_tenth_of_the_real_proportions_passes():
    assert photos.id_card_photo(id_card_photo(size=(800, 540))) == []  # 1.48, 7% under 1.585


# Graduation photo 毕业照片 (seed 004 §五)
WHITE, LIGHT_GREY = (255, 255, 255), (210, 210, 210)
GRADUATION_RULES = FileRules(formats=("JPEG", "PNG"), max_kb=2048, check="graduation_photo")


def graduation_photo(background=WHITE, size=(480, 640), head=True, fmt="JPEG"):
    """A graduation photo: a dark ellipse for the head and shoulders, in the middle of a plain background."""
    width, height = size
    image = Image.new("RGB", size, background)
    if head:
        ImageDraw.Draw(image).ellipse((width // 4, height // 8, 3 * width // 4, 3 * height // 4), fill=(70, 50, 40))
    out = io.BytesIO()
    with_noise(image, 4).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("content", [
    graduation_photo(WHITE), graduation_photo(LIGHT_GREY), graduation_photo(LIGHT_BLUE),
    graduation_photo((173, 216, 230), fmt="PNG"), graduation_photo(size=(295, 413)), graduation_photo(size=(413, 579)),
], ids=["white", "light-grey", "light-blue", "pale-blue-png", "one-inch-300dpi", "two-inch-300dpi"])
def test_a_graduation_photo_on_white_light_grey_or_light_blue_passes(content):
    assert photos.graduation_photo(content) == []


@pytest.mark.parametrize("background", [(200, 30, 30), (60, 140, 220), (128, 128, 128), (250, 235, 200)],
                         ids=["red", "deep-blue", "mid-grey", "cream"])
def test_another_background_colour_is_named_with_the_three_allowed(background):
    problems = photos.graduation_photo(graduation_photo(background))

    assert len(problems) == 1
    assert problems[0].startswith("背景应为浅蓝色、白色或浅灰色：照片上方和两侧的平均颜色为 RGB ")


@pytest.mark.parametrize("content, message", [
    (graduation_photo(size=(640, 480)), "毕业照片为 640×480 像素，应为竖幅（高度大于宽度）"),
    (graduation_photo(size=(120, 160)), "毕业照片为 120×160 像素，应至少宽 240、高 320 像素"),
    (graduation_photo(head=False), "照片中部（眼睛所在高度）与背景颜色无明显区别，未检测到人像"),
    (graduation_photo(fmt="GIF"), "毕业照片的实际格式是 GIF，应为 JPG 或 PNG"),
    (b"%PDF-1.4 not a photo", "毕业照片无法识别为图片，应为 JPG 或 PNG 格式"),
], ids=["landscape", "tiny", "no-figure", "gif", "not-a-picture"])
def test_each_broken_graduation_photo_rule_is_named(content, message):
    assert message in photos.graduation_photo(content)


def test_a_busy_background_is_refused_as_not_one_colour():
    image = Image.new("RGB", (480, 640), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 240, 640), fill=LIGHT_BLUE)  # half light blue, half white: each allowed, not both
    draw.ellipse((120, 80, 360, 480), fill=(70, 50, 40))
    out = io.BytesIO()
    image.save(out, "PNG")

    problems = photos.graduation_photo(out.getvalue())

    assert len(problems) == 1 and problems[0].startswith("背景应为单一颜色：照片上方和两侧只有 ")


def test_the_graduation_forms_file_rule_refuses_an_upload_naming_the_rule():
    with pytest.raises(files.UploadRefused, match="photo.jpg 不符合要求：背景应为浅蓝色、白色或浅灰色"):
        files.check(graduation_photo((200, 30, 30)), "photo.jpg", GRADUATION_RULES)

    assert files.check(graduation_photo(), "photo.jpg", GRADUATION_RULES).format == "JPEG"
