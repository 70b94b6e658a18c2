"""A product's photo on its page: fetched through the bot once, kept small, served with its size."""

from __future__ import annotations

import io

from PIL import Image

from market.web.pages.photos import PHOTOS, PhotoUnavailable
from tests.market.web.pages.conftest import FILE_ID, page


def telegram_photo() -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((1280, 960)).convert("RGB").save(out, format="JPEG", quality=95)
    return out.getvalue()


class FakeBotFiles:
    """The Bot API's files as the bot would fetch them; records what was asked."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files, self.asked = files, []

    async def __call__(self, file_id: str) -> bytes:
        self.asked.append(file_id)
        if file_id not in self.files:
            raise PhotoUnavailable("Bad Request: wrong file_id")
        return self.files[file_id]


async def test_the_product_page_shows_the_photo_small_with_its_size_fetched_once(client, coffee):
    files = FakeBotFiles({FILE_ID: telegram_photo()})
    client.app[PHOTOS].source = files

    body = await page(client, f"/productos/{coffee}", lang="es")
    again = await page(client, f"/productos/{coffee}", lang="en")
    src = body.split('<img class="photo" src="')[1].split('"')[0]
    response = await client.get(src)
    photo = await response.read()

    assert 'width="480" height="360" alt="Foto de Café orgánico de Yungas"' in body
    assert 'alt="Photo of Café orgánico de Yungas"' in again
    assert files.asked == [FILE_ID]  # the second page read the copy kept in the database
    assert response.status == 200 and response.content_type == "image/webp" and len(photo) <= 30_000
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


async def test_a_photo_the_bot_cannot_fetch_leaves_the_page_without_one_and_is_not_asked_again_at_once(client, coffee):
    files = FakeBotFiles({})
    client.app[PHOTOS].source = files

    first = await page(client, f"/productos/{coffee}", lang="es")
    second = await page(client, f"/productos/{coffee}", lang="es")
    missing = await client.get(f"/productos/{coffee}/foto")

    assert '<img class="photo"' not in first + second
    assert files.asked == [FILE_ID]
    assert missing.status == 404


async def test_without_a_bot_in_the_process_a_page_shows_no_photo_and_links_none(client, coffee):
    body = await page(client, f"/productos/{coffee}", lang="es")

    assert "/foto" not in body
