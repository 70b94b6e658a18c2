"""Files as Telegram stores them: photos (a file_id per PhotoSize, sizes read from the image header) and documents."""

from __future__ import annotations

import mimetypes
import struct
from typing import Any

import aiohttp

from bot.sandbox.errors import FILE_TYPE_MISMATCH, WRONG_FILE, ApiError, Upload, bad_request
from bot.sandbox.state import World

# Telegram offers a photo at these longest sides (and the original, up to 2560).
THUMBNAIL_SIDES = (90, 320, 800, 1280)
MAX_PHOTO_BYTES = 10 * 1024 * 1024


def image_size(content: bytes) -> tuple[str, int, int] | None:
    """(mime type, width, height) of a PNG, JPEG, GIF or WebP image, or None when it is none of them."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return "image/png", width, height
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return "image/gif", width, height
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP" and len(content) >= 30:
        return _webp_size(content)
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[str, int, int] | None:
    i = 2
    while i + 9 < len(content):
        if content[i] != 0xFF:
            return None
        marker, length = content[i + 1], struct.unpack(">H", content[i + 2:i + 4])[0]
        # SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", content[i + 5:i + 9])
            return "image/jpeg", width, height
        i += 2 + length
    return None


def _webp_size(content: bytes) -> tuple[str, int, int] | None:
    chunk = content[12:16]
    if chunk == b"VP8X":
        return "image/webp", 1 + int.from_bytes(content[24:27], "little"), 1 + int.from_bytes(content[27:30], "little")
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", content[26:30])
        return "image/webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(content[21:25], "little")
        return "image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def store_photo(world: World, bot_id: int, content: bytes) -> list[dict[str, Any]]:
    """The PhotoSize list Telegram would answer for an uploaded image (every size holds the upload)."""
    if len(content) > MAX_PHOTO_BYTES:
        raise bad_request("file is too big")
    found = image_size(content)
    if found is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    mime_type, width, height = found
    longest = max(width, height, 1)
    sides = [side for side in THUMBNAIL_SIDES if side < longest] + [min(longest, 2560)]
    sizes: list[dict[str, Any]] = []
    for side in sides:
        stored = world.store_file(bot_id, content, mime_type, "photos")
        scale = side / longest
        sizes.append({
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "width": max(1, round(width * scale)), "height": max(1, round(height * scale)),
            "file_size": len(content),
        })
    for size in sizes:
        world.photos[size["file_id"]] = sizes
    return sizes


async def resolve_photo(world: World, bot_id: int, value: Any, files: dict[str, Upload]) -> list:
    """The sizes of a sendPhoto `photo`: an upload, attach://name, a file_id, or an HTTP URL to fetch."""
    if isinstance(value, tuple):
        return store_photo(world, bot_id, value[0])
    if not isinstance(value, str) or not value:
        raise bad_request("there is no photo in the request")
    if value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
        if upload is None:
            raise ApiError(400, WRONG_FILE)
        return store_photo(world, bot_id, upload[0])
    if value.startswith(("http://", "https://")):
        return store_photo(world, bot_id, await _fetch(value))
    sizes = world.photos.get(value)
    if sizes is None or world.files[sizes[0]["file_id"]].bot_id != bot_id:
        # A file_id belongs to the bot that received it, as in Telegram.
        raise ApiError(400, WRONG_FILE)
    return sizes


def store_document(world: World, bot_id: int, upload: Upload) -> dict[str, Any]:
    """The Document Telegram would answer for an uploaded file; its type is read from its name, as Telegram does."""
    file_name = (upload.file_name or "").strip()
    if not file_name:
        # Telegram names a document after its upload's file name; PTB always sends one.
        raise bad_request("file name of the document must be non-empty")
    if not upload.content:
        raise bad_request("file must be non-empty")
    mime_type = mimetypes.guess_type(file_name, strict=False)[0] or upload.content_type or "application/octet-stream"
    stored = world.store_file(bot_id, upload.content, mime_type, "documents", file_name=file_name)
    document = {
        "file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_name": file_name,
        "mime_type": mime_type, "file_size": len(upload.content),
    }
    world.documents[stored.file_id] = document
    return document


def resolve_document(world: World, bot_id: int, value: Any, files: dict[str, Upload]) -> dict[str, Any]:
    """The Document of a sendDocument `document`: an upload, attach://name or a file_id the bot received."""
    if isinstance(value, Upload):
        return store_document(world, bot_id, value)
    if not isinstance(value, str) or not value:
        raise bad_request("there is no document in the request")
    if value.startswith("attach://"):
        upload = files.get(value.removeprefix("attach://"))
        if upload is None:
            raise ApiError(400, WRONG_FILE)
        return store_document(world, bot_id, upload)
    if value.startswith(("http://", "https://")):
        raise bad_request("the sandbox does not fetch documents from URLs; upload the file")
    document = world.documents.get(value)
    if document is None and value in world.photos and world.files[value].bot_id == bot_id:
        raise ApiError(400, FILE_TYPE_MISMATCH)
    if document is None or world.files[value].bot_id != bot_id:
        raise ApiError(400, WRONG_FILE)
    return document


async def _fetch(url: str) -> bytes:
    """Download like Telegram does; offline this reaches only local servers (e.g. Feria's own images)."""
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
            session.get(url) as response,
        ):
            if response.status != 200:
                raise bad_request("failed to get HTTP URL content")
            if not response.content_type.startswith("image/"):
                raise bad_request("wrong type of the web page content")
            return await response.read()
    except (aiohttp.ClientError, TimeoutError):
        raise bad_request("failed to get HTTP URL content") from None
