"""Identity verification 身份认证 (seed 000 §二): a registration photo and the ID card's portrait side, checked
on upload; after three refused photos the candidate may instead verify in person at the district (seed 002 §4)."""
from forms.spec import Condition, Field, FileRules, FormSpec, Step

# The photos are required unless the candidate chose to verify in person (unticked, or never offered).
UNLESS_ON_SITE = Condition("on_site", any_of=(None, False))

IDENTITY_FORM = FormSpec(
    key="identity",
    title="身份认证",
    steps=(
        Step("photos", "上传照片", (
            # Until it is offered it counts as unticked, whatever is sent, for the photos' conditions.
            Field("on_site", "checkbox", "到考籍管理区县现场认证", visible_if=Condition("photo", refused_at_least=3),
                  help="报名照片已三次未通过检查：您可以继续上传，也可以勾选此项到考籍管理区县现场认证。"
                       "勾选后无需上传照片，提交后请携带本人有效身份证件到考籍管理区县办理。"),
            Field("photo", "image", "报名照片（近期免冠照）", required_if=UNLESS_ON_SITE,
                  help="近期免冠浅蓝色（参考值 RGB 100,197,255）底彩照，JPG 格式，20–40 KB，宽 480 像素、高 640 像素；"
                       "人像水平居中，左右对称；头顶发际距上边沿 50–110 像素，眼睛距上边沿 200–300 像素，"
                       "脸部宽度 180–300 像素。",
                  rules=FileRules(formats=("JPEG",), check="registration_photo")),
            Field("id_photo", "image", "本人身份证照片（人像面）", required_if=UNLESS_ON_SITE,
                  help="身份证字体清晰，四个圆角完整，20–80 KB；图片不得拉伸或变形，高度应小于宽度。",
                  rules=FileRules(formats=("JPEG", "PNG"), check="id_card_photo")),
        )),
    ),
).with_english(
    title="Identity verification",
    steps={"photos": "Upload photos"},
    fields={
        "on_site": {
            "label": "Verify in person at the records district",
            "help": ("Your registration photo failed the check three times: you may upload again, or tick this to "
                     "verify in person at your records district. Then no photo is needed; after submitting, bring "
                     "your valid ID to the district."),
        },
        "photo": {
            "label": "Registration photo (recent, bareheaded)",
            "help": ("A recent bareheaded colour photo on light blue (about RGB 100,197,255), JPG, 20–40 KB, 480 "
                     "pixels wide and 640 high; face centred and level; hairline 50–110 pixels and eyes 200–300 "
                     "pixels below the top edge; face 180–300 pixels wide."),
        },
        "id_photo": {
            "label": "Your ID card photo (portrait side)",
            "help": ("The card's text legible and its four rounded corners whole, 20–80 KB; not stretched or "
                     "distorted, less high than wide."),
        },
    },
)
