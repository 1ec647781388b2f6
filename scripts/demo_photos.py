#!/usr/bin/env python3
"""Draws the demo's "photos": simple fictional pictures (PNG) of a finding before and after its action.

Standard library only, deterministic. Writes into DIR:
  voor-tegels.png / na-tegels.png    loose paving tiles, and the same pavement relaid
  voor-afval.png  / na-afval.png     rubbish on the grass, and the grass cleaned up

    python3 scripts/demo_photos.py out/demo/fotos
"""
import random
import struct
import sys
import zlib
from pathlib import Path

W, H = 360, 240


def png(pixels):
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def canvas(color):
    return [[color for _ in range(W)] for _ in range(H)]


def rect(pixels, x0, y0, x1, y1, color):
    for y in range(max(0, y0), min(H, y1)):
        for x in range(max(0, x0), min(W, x1)):
            pixels[y][x] = color


def tiles(loose):
    rng = random.Random(3)
    p = canvas((120, 120, 120))
    rect(p, 0, 0, W, 70, (170, 200, 230))      # sky
    rect(p, 0, 70, W, 90, (90, 140, 70))       # hedge
    size = 30
    for row in range(5):
        for col in range(W // size + 1):
            x = col * size + (size // 2 if row % 2 else 0) - size // 2
            y = 92 + row * size
            shade = 175 + rng.randrange(-8, 9)
            dx = dy = 0
            if loose and (row, col) in {(2, 5), (2, 6), (3, 6), (1, 8)}:
                dx, dy, shade = rng.randrange(-5, 6), rng.randrange(-6, 7), shade - 35
            rect(p, x + 2 + dx, y + 2 + dy, x + size - 1 + dx, y + size - 1 + dy, (shade, shade - 10, shade - 25))
    return p


def grass(rubbish):
    rng = random.Random(5)
    p = canvas((95, 150, 70))
    rect(p, 0, 0, W, 80, (170, 200, 230))
    for _ in range(400):
        x, y = rng.randrange(W), rng.randrange(80, H)
        rect(p, x, y, x + 2, y + 5, (70, 125, 55))
    rect(p, 250, 40, 330, 150, (60, 60, 60))   # container
    rect(p, 255, 45, 325, 60, (40, 90, 40))
    if rubbish:
        for _ in range(14):
            x, y = rng.randrange(150, 340), rng.randrange(140, 225)
            w, h = rng.randrange(14, 34), rng.randrange(10, 24)
            c = rng.choice([(30, 30, 30), (200, 170, 110), (230, 230, 230), (40, 40, 120)])
            rect(p, x, y, x + w, y + h, c)
    return p


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "fotos")
    out.mkdir(parents=True, exist_ok=True)
    for name, pixels in [("voor-tegels", tiles(True)), ("na-tegels", tiles(False)), ("voor-afval", grass(True)), ("na-afval", grass(False))]:
        (out / f"{name}.png").write_bytes(png(pixels))


if __name__ == "__main__":
    main()
