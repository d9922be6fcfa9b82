#!/usr/bin/env python3
"""Write the small bad images of the broken-site corpus (tests/broken/image_*), so that
anyone can see how they were made and make them again: python3 scripts/broken-images.py"""

import struct
import zlib
from pathlib import Path

BROKEN = Path(__file__).resolve().parent.parent / "tests" / "broken"


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rows: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write(case: str, rel: str, data: bytes) -> None:
    path = BROKEN / case / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# Not an image at all, under an image's name.
write("image_not_an_image", "static/chart.png", b"<html>a page saved under the wrong name</html>\n")
# A format relief does not read: a 2 x 2 BMP.
pixels = b"\x00\x00\xff\x00\xff\x00\x00\x00" * 2
bmp_header = struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
write("image_unsupported", "static/scan.bmp",
      b"BM" + struct.pack("<IHHI", 14 + 40 + len(pixels), 0, 0, 54) + bmp_header + pixels)
# A decompression bomb: a PNG header claiming 30,000 x 30,000 pixels over a few bytes
# of data (one compressed row of zeros), which a careless decoder would allocate 2.7 GB for.
write("image_bomb", "static/bomb.png", png(30000, 30000, b"\x00" * (1 + 30000 * 3)))
