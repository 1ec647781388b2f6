#!/usr/bin/env python3
"""Writes geodata/observations-2024.csv: the fictional schouw of a year before the demo walk.

Deterministic (fixed seed), standard library only. Of this year's findings (geodata/observations.csv)
about half were seen last year too, a few metres from where they are now (blijvend when the two are
compared); the others are new this year (nieuw). Last year also had findings that are gone now
(opgelost): placed 40-150 m from a finding of this year, never within 35 m of one of the same
category, so the comparison cannot mistake them for the same thing.

    python3 scripts/make_last_year.py             # rewrites geodata/observations-2024.csv
    python3 scripts/make_last_year.py --out FILE
"""
import argparse
import csv
import math
import random
import uuid
from pathlib import Path

SEED = 20240921
ROOT = Path(__file__).resolve().parent.parent
M_PER_DEG_LAT = 111_250.0


def metres_per_degree_lon(lat):
    return M_PER_DEG_LAT * math.cos(math.radians(lat))


def moved(rng, lon, lat, low, high):
    angle = rng.uniform(0, 2 * math.pi)
    distance = rng.uniform(low, high)
    return (lon + distance * math.cos(angle) / metres_per_degree_lon(lat), lat + distance * math.sin(angle) / M_PER_DEG_LAT)


def distance_m(a, b):
    dx = (a[0] - b[0]) * metres_per_degree_lon(a[1])
    dy = (a[1] - b[1]) * M_PER_DEG_LAT
    return math.hypot(dx, dy)


GONE_TEXTS = {
    "afval": ("bijplaatsing", "Vuilniszakken naast de container."),
    "verlichting": ("lamp_kapot", "Lantaarnpaal brandt niet."),
    "groen": ("snoeien", "Heg hangt over het fietspad."),
    "bestrating": ("losse_tegel", "Losse tegels op de stoep."),
    "graffiti_vandalisme": ("graffiti", "Tag op het elektriciteitshuisje."),
    "straatmeubilair": ("bankje", "Bankje met kapotte latten."),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "geodata" / "observations-2024.csv")
    args = parser.parse_args()
    rng = random.Random(SEED)
    with open(ROOT / "geodata" / "observations.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    fields = ["id", "group", "walker", "observed_at", "category", "subcategory", "level", "text", "street", "status", "lon", "lat"]
    out = []
    now = [(float(r["lon"]), float(r["lat"]), r["category"]) for r in rows]
    for row in rows:
        if rng.random() >= 0.5:
            continue
        lon, lat = moved(rng, float(row["lon"]), float(row["lat"]), 0.5, 8.0)
        out.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "group": row["group"], "walker": row["walker"],
            "observed_at": "2024-09-21" + row["observed_at"][10:], "category": row["category"], "subcategory": row["subcategory"],
            "level": row["level"], "text": row["text"], "street": row["street"], "status": "afgehandeld" if rng.random() < 0.3 else "gemeld",
            "lon": f"{lon:.7f}", "lat": f"{lat:.7f}",
        })
    categories = sorted(GONE_TEXTS)
    gone = 0
    while gone < 40:
        base = rows[rng.randrange(len(rows))]
        category = categories[rng.randrange(len(categories))]
        lon, lat = moved(rng, float(base["lon"]), float(base["lat"]), 40.0, 150.0)
        if any(c == category and distance_m((lon, lat), (x, y)) < 35 for x, y, c in now):
            continue
        subcategory, text = GONE_TEXTS[category]
        out.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "group": base["group"], "walker": base["walker"],
            "observed_at": f"2024-09-21T{10 + gone % 2:02d}:{gone % 60:02d}:00+02:00", "category": category, "subcategory": subcategory,
            "level": rng.choice(["C", "D"]), "text": text, "street": "", "status": "afgehandeld",
            "lon": f"{lon:.7f}", "lat": f"{lat:.7f}",
        })
        gone += 1
    out.sort(key=lambda r: r["observed_at"])
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    print(f"{args.out}: {len(out)} findings ({len(out) - gone} seen again this year, {gone} gone)")


if __name__ == "__main__":
    main()
