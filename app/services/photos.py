"""Photo rules for identity verification 身份认证 (seed 000 §二): checks on a file's bytes, no HTTP.

Each check returns every rule the photo breaks, one message each (empty when it passes).

Checked automatically, registration photo 报名照片:
- JPG, exactly 480 wide × 640 high, 20–40 KB;
- light-blue background near RGB(100,197,255): along the top and down both sides, the mean colour is
  near it and most pixels are;
- a portrait where the face should be (against the background actually found, so a wrong background is
  reported once): the middle at eye height (200–300 px from the top) is not background; the top of the
  head is 50–110 px from the top edge; the portrait at eye height is at least 180 px wide and centred.
Left to the reviewer's eye: that it is a recent, bare-headed photo of the candidate and matches the ID
card; the exact eye line; the face width between the cheeks (hair and ears widen what is measured, so
only the lower bound is sure); symmetry of the pose.

Checked automatically, ID card photo 身份证照片（人像面）: 20–80 KB, a picture, wider than high, not
stretched (width:height within 10% of a real card's 85.6:54).
Left to the reviewer's eye: legible text, four whole rounded corners, the portrait side, the person.

Checked automatically, graduation photo 毕业照片 (seed 004 §五; its size limit, under 2 MB, is the form's
file rule): a JPG or PNG; upright (higher than wide) and at least 240 × 320 px (a scanned one- or two-inch
photo is larger); along the top and down both sides (measured as on a registration photo, scaled to 480 × 640)
one plain colour that is light blue, white or light grey; a portrait in the middle at eye height.
Left to the reviewer's eye: recent, frontal, bare-headed, in colour; no mirroring, rotation or retouching;
in focus; no border, text or pattern.
"""
import colorsys
import io
import statistics

from flask_babel import gettext as _
from PIL import Image, ImageChops, ImageStat, UnidentifiedImageError

PHOTO_SIZE = (480, 640)
PHOTO_KB = (20, 40)
BACKGROUND = (100, 197, 255)
# A band this wide along the top and down both sides (to this depth, above the shoulders) shows only background.
BORDER = 40
SIDE_DEPTH = 400
MEAN_TOLERANCE = 50  # largest channel difference of the border's mean colour from BACKGROUND
PIXEL_TOLERANCE = 60  # a pixel this close (largest channel difference) counts as background
MOST = 0.8  # "most": of the border, background; of the middle of the face, not background
HEAD_TOP = (50, 110)
EYES = (200, 300)
MIN_FACE_WIDTH = 180
CENTRE_TOLERANCE = 48  # pixels off the vertical centre line (10% of the width)
FACE_BOX = (180, 200, 300, 300)  # where the middle of the face is, at eye height: never background

ID_CARD_KB = (20, 80)
ID_CARD_RATIO = 85.6 / 54
RATIO_TOLERANCE = 0.10

GRADUATION_FORMATS = ("JPEG", "PNG")
GRADUATION_MIN_SIZE = (240, 320)
# The border's mean colour is white or light grey when its channels are this close and the darkest is this light.
NEUTRAL_SPREAD = 25
LIGHT_GREY_FROM = 160
# Light blue: a hue between cyan and blue (degrees), and light.
LIGHT_BLUE_HUES = (180, 240)
LIGHT_BLUE_LIGHTNESS = 0.6


def _open(content):
    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return image


def _kb_problem(content, low, high, what):
    size_kb = len(content) / 1024
    if low <= size_kb <= high:
        return None
    return _("%(what)s大小为 %(size).1f KB，应为 %(low)d–%(high)d KB", what=what, size=size_kb, low=low, high=high)


def registration_photo(content):
    """What is wrong with a registration photo 报名照片 (近期免冠照), as messages; empty when nothing is."""
    image = _open(content)
    if image is None:
        return [_("报名照片无法识别为图片，应为 JPG 格式")]
    problems = []
    if image.format != "JPEG":
        problems.append(_("报名照片的实际格式是 %(found)s，应为 JPG", found=image.format))
    problems.append(_kb_problem(content, *PHOTO_KB, _("报名照片")))
    if image.size != PHOTO_SIZE:
        problems.append(_("报名照片为 %(w)d×%(h)d 像素，应为宽 480、高 640 像素", w=image.width, h=image.height))
    pixels = image.convert("RGB").resize(PHOTO_SIZE)
    mean = _border_mean(pixels)
    near_reference = 1 - _border_share(_foreground(pixels, BACKGROUND))
    if _distance(mean, BACKGROUND) > MEAN_TOLERANCE or near_reference < MOST:
        problems.append(_("背景应为浅蓝色（参考值 RGB 100,197,255）：照片上方和两侧的平均颜色为 RGB %(r)d,%(g)d,%(b)d，"
                          "其中 %(share)d%% 接近参考色", r=mean[0], g=mean[1], b=mean[2],
                          share=round(100 * near_reference)))
    foreground = _foreground(pixels, mean)
    if 1 - _border_share(foreground) >= MOST:  # a plain background, whatever its colour: the portrait can be found
        problems += _portrait_problems(foreground)
    return [problem for problem in problems if problem]


def id_card_photo(content):
    """What is wrong with a photo of the ID card's portrait side 身份证人像面, as messages; empty when nothing is."""
    image = _open(content)
    if image is None:
        return [_("身份证照片无法识别为图片")]
    problems = [_kb_problem(content, *ID_CARD_KB, _("身份证照片"))]
    if image.height >= image.width:
        problems.append(_("身份证照片为 %(w)d×%(h)d 像素，高度应小于宽度", w=image.width, h=image.height))
    elif abs(image.width / image.height / ID_CARD_RATIO - 1) > RATIO_TOLERANCE:
        problems.append(_("身份证照片被拉伸或变形：宽高比为 %(ratio).2f，身份证为 %(card).2f（85.6:54）",
                          ratio=image.width / image.height, card=ID_CARD_RATIO))
    return [problem for problem in problems if problem]


def graduation_photo(content):
    """What is wrong with a graduation photo 毕业照片, as messages; empty when nothing is."""
    image = _open(content)
    if image is None:
        return [_("毕业照片无法识别为图片，应为 JPG 或 PNG 格式")]
    problems = []
    if image.format not in GRADUATION_FORMATS:
        problems.append(_("毕业照片的实际格式是 %(found)s，应为 JPG 或 PNG", found=image.format))
    if image.height <= image.width:
        problems.append(_("毕业照片为 %(w)d×%(h)d 像素，应为竖幅（高度大于宽度）", w=image.width, h=image.height))
    low_width, low_height = GRADUATION_MIN_SIZE
    if image.width < low_width or image.height < low_height:
        problems.append(_("毕业照片为 %(w)d×%(h)d 像素，应至少宽 %(low_w)d、高 %(low_h)d 像素", w=image.width,
                          h=image.height, low_w=low_width, low_h=low_height))
    pixels = image.convert("RGB").resize(PHOTO_SIZE)
    mean = _border_mean(pixels)
    if not _light_background(mean):
        problems.append(_("背景应为浅蓝色、白色或浅灰色：照片上方和两侧的平均颜色为 RGB %(r)d,%(g)d,%(b)d",
                          r=mean[0], g=mean[1], b=mean[2]))
    foreground = _foreground(pixels, mean)
    plain = 1 - _border_share(foreground)
    if plain < MOST:
        problems.append(_("背景应为单一颜色：照片上方和两侧只有 %(share)d%% 接近其平均颜色", share=round(100 * plain)))
    else:  # against a plain background the portrait can be found
        problems.append(_no_portrait(foreground))
    return [problem for problem in problems if problem]


def _light_background(colour):
    """Whether a colour is white, light grey or light blue."""
    if max(colour) - min(colour) <= NEUTRAL_SPREAD:
        return min(colour) >= LIGHT_GREY_FROM
    hue, lightness, _saturation = colorsys.rgb_to_hls(*(channel / 255 for channel in colour))
    return LIGHT_BLUE_HUES[0] <= hue * 360 <= LIGHT_BLUE_HUES[1] and lightness >= LIGHT_BLUE_LIGHTNESS


def _border_boxes(width):
    """The band along the top and down both sides."""
    return ((0, 0, width, BORDER), (0, BORDER, BORDER, SIDE_DEPTH), (width - BORDER, BORDER, width, SIDE_DEPTH))


def _area(box):
    return (box[2] - box[0]) * (box[3] - box[1])


def _border_mean(image):
    boxes = _border_boxes(image.width)
    means = [(ImageStat.Stat(image.crop(box)).mean, _area(box)) for box in boxes]
    total = sum(area for _mean, area in means)
    return tuple(round(sum(mean[channel] * area for mean, area in means) / total) for channel in range(3))


def _border_share(mask):
    """The share of the border that is foreground in `mask`."""
    boxes = _border_boxes(mask.width)
    return sum(_share(mask, box) * _area(box) for box in boxes) / sum(_area(box) for box in boxes)


def _distance(a, b):
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def _foreground(image, background):
    """A mask: 255 where a pixel differs clearly from the background colour, else 0."""
    difference = ImageChops.difference(image, Image.new("RGB", image.size, background))
    red, green, blue = difference.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue).point(
        lambda value: 255 if value > PIXEL_TOLERANCE else 0)


def _share(mask, box):
    histogram = mask.crop(box).histogram()
    return histogram[255] / sum(histogram)


def _no_portrait(mask):
    """The message when the middle at eye height is mostly background, so no portrait is there."""
    if _share(mask, FACE_BOX) < MOST:
        return _("照片中部（眼睛所在高度）与背景颜色无明显区别，未检测到人像")
    return None


def _portrait_problems(mask):
    missing = _no_portrait(mask)
    if missing:
        return [missing]
    problems = []
    centre = mask.width // 2
    top = _head_top(mask, centre)
    if not HEAD_TOP[0] <= top <= HEAD_TOP[1]:
        problems.append(_("头顶距上边沿约 %(top)d 像素，应为 %(low)d–%(high)d 像素", top=top, low=HEAD_TOP[0],
                          high=HEAD_TOP[1]))
    spans = [_span_through(mask, y, centre) for y in range(EYES[0], EYES[1], 5)]
    width = statistics.median(right - left for left, right in spans)
    middle = statistics.median((left + right) / 2 for left, right in spans)
    if width < MIN_FACE_WIDTH:
        problems.append(_("眼睛所在高度的人像宽度约 %(width)d 像素，脸部宽度应为 180–300 像素", width=width))
    if abs(middle - centre) > CENTRE_TOLERANCE:
        problems.append(_("人像未水平居中：偏离中线约 %(offset)d 像素", offset=abs(middle - centre)))
    return problems


def _head_top(mask, centre, half=40):
    """The first row where most of the middle columns are foreground (searched down to the eye line)."""
    strip = mask.crop((centre - half, 0, centre + half, EYES[0])).tobytes()
    width = 2 * half
    return next((y for y in range(EYES[0]) if strip[y * width:(y + 1) * width].count(255) >= half), EYES[0])


def _span_through(mask, y, x):
    """(left, right) of the run of foreground pixels on row `y` that contains column `x` (empty if x is background)."""
    row = mask.crop((0, y, mask.width, y + 1)).tobytes()
    if not row[x]:
        return x, x
    left = x
    while left > 0 and row[left - 1]:
        left -= 1
    right = x
    while right < len(row) and row[right]:
        right += 1
    return left, right
