"""A producer's photo made small for the web catalog (market.presentation.photos)."""

import io

import pytest
from PIL import Image

from market.presentation.photos import MAX_BYTES, NotAPhoto, shrink_photo


def camera_photo(width: int = 1280, height: int = 960, orientation: int | None = None) -> bytes:
    """A JPEG as a phone sends it: large, noisy (the worst case for a compressor), maybe with its orientation tag."""
    image = Image.merge("RGB", [Image.effect_noise((width, height), sigma) for sigma in (40, 60, 80)])
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def test_a_phone_photo_becomes_a_small_webp_with_its_proportions():
    sent = camera_photo()

    small = shrink_photo(sent)

    assert len(sent) > 300_000 and len(small.data) <= MAX_BYTES
    assert small.content_type == "image/webp"
    with Image.open(io.BytesIO(small.data)) as read:
        assert read.format == "WEBP" and read.size == (small.width, small.height)
    assert small.width <= 480 and small.width * 3 == small.height * 4


def test_a_portrait_photo_stands_up_and_loses_its_metadata():
    small = shrink_photo(camera_photo(orientation=6))  # the camera was turned: the pixels lie on their side

    assert small.height > small.width
    with Image.open(io.BytesIO(small.data)) as read:
        assert not read.getexif()


def test_a_small_photo_is_not_enlarged():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), "#2d6a4f").save(out, format="PNG")

    small = shrink_photo(out.getvalue())

    assert (small.width, small.height) == (300, 200)


@pytest.mark.parametrize("data", [b"%PDF-1.4 not a photo", b"", b"\xff\xd8\xff\xe0 broken jpeg"])
def test_what_is_no_photo_is_refused(data):
    with pytest.raises(NotAPhoto):
        shrink_photo(data)
