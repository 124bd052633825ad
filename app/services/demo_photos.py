"""Registration photos 报名照片 for the demo's verified candidates, made with Pillow.

Identity verification keeps the candidate's checked photo in GridFS and names it on `Candidate.verified_photo_id`
(workflows.effects.verify_identity); the demo does the same with a drawn photo that passes the identity form's
photo rules: a portrait-shaped ellipse on the light-blue background, 480 × 640, saved as a JPEG of 20–40 KB.
"""
import functools
import io

from PIL import Image, ImageChops, ImageDraw

from app.services import photos
from app.services import files

# Faces of a few shades and widths, so the demo's photos are not all the same.
FACES = (((130, 80, 350, 460), (70, 50, 40)), ((120, 85, 360, 470), (95, 70, 55)), ((140, 75, 340, 455), (60, 45, 35)))
NOISE = 4  # mild noise, so the JPEG is about as big as a real photo


def jpeg_within(image, low_kb, high_kb):
    """`image` as a JPEG whose size lands in [low_kb, high_kb], trying qualities from high to low."""
    for quality in range(95, 9, -5):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if low_kb * 1024 <= len(out.getvalue()) <= high_kb * 1024:
            return out.getvalue()
    raise ValueError(f"no JPEG quality gives {low_kb}–{high_kb} KB")


def with_noise(image, sigma):
    """`image` with mild noise, so a JPEG of it is about as big as a real photo."""
    return ImageChops.add(image, Image.effect_noise(image.size, sigma).convert("RGB"), 1, -128)


# What the identity form asks of a registration photo.
PHOTO_RULES = files.FileRules(formats=("JPEG",), check="registration_photo")


@functools.cache
def _checked(face):
    """The checked photo of one face (made and checked once a process): a files.CheckedFile."""
    box, colour = FACES[face]
    image = Image.new("RGB", photos.PHOTO_SIZE, photos.BACKGROUND)
    ImageDraw.Draw(image).ellipse(box, fill=colour)
    return files.check(jpeg_within(with_noise(image, NOISE), *photos.PHOTO_KB), "photo.jpg", PHOTO_RULES)


def store_verified_photo(variant):
    """Keep a demo registration photo in GridFS as the identity form keeps an upload; its file id, as text."""
    return str(files.store(_checked(variant % len(FACES)), "photo").file_id)
