#!/usr/bin/env python3
"""Generate Schouw's embedded demo data set in geodata/.

Everything here is fictional: the neighbourhood "De Kruidentuin" at the edge of
Dronten (Flevoland) does not exist. Dronten's real herb-named buurt Kruizemunt
inspired the street names, nothing else. The data are made by this script and
released under CC0 (see geodata/README.md).

Python 3.11, standard library only, fixed random seed: running the script twice
writes byte-identical files.

    python3 scripts/make_geodata.py            # writes geodata/*
    python3 scripts/make_geodata.py --out DIR  # writes to another folder

After writing, the script validates its own output and exits non-zero when a
check fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import sys
import uuid
from pathlib import Path

SEED = 20250920
GENERATOR = "schouw make_geodata.py"

# Local metric frame: x east, y north, in metres, origin at ORIGIN.
# Conversion is an equirectangular approximation around REF_LAT:
#   1 degree latitude  = 111 320 m
#   1 degree longitude = 111 320 m * cos(REF_LAT)
ORIGIN_LON = 5.7235
ORIGIN_LAT = 52.518
M_PER_DEG_LAT = 111320.0
M_PER_DEG_LON = 111320.0 * math.cos(math.radians(ORIGIN_LAT))

# The layout below is drawn on a design grid; S() rotates it by ROTATION degrees
# (counter-clockwise, like the tilted polder grid of Dronten) and scales design
# units to metres by SCALE.
SCALE = 0.62
ROTATION = 12.0

# Shape-node spacing (metres): straight pieces longer than this get intermediate nodes.
NODE_SPACING = 26.0


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    return (round(ORIGIN_LON + x / M_PER_DEG_LON, 7), round(ORIGIN_LAT + y / M_PER_DEG_LAT, 7))


def to_xy(lon: float, lat: float) -> tuple[float, float]:
    return ((lon - ORIGIN_LON) * M_PER_DEG_LON, (lat - ORIGIN_LAT) * M_PER_DEG_LAT)


def f7(v: float) -> str:
    return f"{v:.7f}"


# ---------------------------------------------------------------------------
# Street network (hand-designed, local metres)
# ---------------------------------------------------------------------------

# Junctions: every point shared by two or more ways has a name here, so the
# ways reference the same OSM node.
J: dict[str, tuple[float, float]] = {
    # De Noordweg (through road along the west side)
    "NW_S": (-620, -540), "NW_P": (-624, -300), "NW_R": (-628, 300), "NW_V": (-632, 545),
    # Salieweg (south collector)
    "S_A": (-400, -532), "S_Va": (-280, -528), "S_K": (-150, -522), "S_T": (205, -520),
    "S_Du": (402, -508), "S_L": (590, -480),
    # Lavasweg (east collector)
    "L_W": (608, -360), "L_V": (620, -200), "L_K": (628, 150), "L_D": (615, 350), "L_N": (560, 540),
    # Venkelweg (north collector)
    "V_D": (400, 548), "V_T": (195, 552), "V_B": (-250, 550), "V_Ke": (-450, 548),
    # Tijmlaan (main internal street, south to north)
    "T_Wa": (209, -380), "T_P": (212, -300), "T_V": (212, -230), "T_H": (210, -175),
    "T_B": (206, -100), "T_F": (203, 5), "T_L": (198, 62), "T_K": (195, 150),
    "T_S": (191, 300), "T_R": (189, 350), "T_O": (190, 460),
    # Kruidentuin-Noord
    "R_Ke": (-452, 308), "R_M": (-350, 305), "R_B": (-250, 300), "R_C": (-150, 318),
    "R_PL": (-60, 330), "R_H": (60, 338),
    "Ke_Bo": (-451, 490), "O_Ke": (-450, 440), "K_Ko": (-456, 180), "K_S": (-462, 60),
    "O_D": (-350, 442), "O_B": (-250, 445), "O_C": (-60, 452), "O_Ka": (20, 455),
    "B_S": (-245, 130), "B_St": (-228, 127), "M_J": (-352, 190),
    # Kruidenplein (square) and the park
    "PL_N": (-60, 305), "PL_S": (-60, 255), "PL_T": (-60, 236),
    "PL_a": (-100, 255), "PL_b": (-20, 255), "PL_c": (-20, 305), "PL_d": (-100, 305),
    "PW": (-200, 62), "PA": (-150, 110), "PN": (-40, 135), "PC": (80, 120), "PK_N": (-60, 200),
    "PB": (-40, 98), "PE2": (55, 30), "PS": (-40, -38), "PWl": (-135, 30),
    "PX": (-41, -92), "SE_E": (-200, -15),
    # Kruidentuin-Zuid
    "P_Ka": (-520, -304), "P_A": (-400, -308), "P_Z": (-280, -312), "P_K": (-152, -300),
    "P_G": (50, -290),
    "Z_A": (-402, -420), "Z_Z": (-280, -428), "Z_K": (-150, -420),
    "A_Mo": (-405, -220), "A_Pi": (-415, -90), "A_N": (-420, -5),
    "K_N": (-160, -165), "H1": (-40, -170), "H2": (60, -172),
    # Kruidentuin-Oost
    "W_En": (300, -375), "W_E": (400, -370), "W_La": (520, -365),
    "V_Du": (400, -225), "Du_Ka": (405, 155), "Du_Al": (412, 420), "Ka_L": (300, 160),
    "DR_E": (480, 330),
}

# A way: (tags, points, bend). Points are junction names or raw (x, y)
# shape points. bend: perpendicular bulge in metres applied to the inserted
# shape nodes of each straight piece (gives gently curved streets).
R, LS, TER, SEC = "residential", "living_street", "tertiary", "secondary"


def W(highway: str, name: str | None, pts: list, bend: float = 0.0, **extra: str):
    tags = {"highway": highway}
    if name:
        tags["name"] = name
    tags.update(extra)
    return (tags, pts, bend)


WAYS = [
    # --- De Noordweg: provincial through road, leaves the area to the north
    W(SEC, "De Noordweg", ["NW_S", (-622, -420), "NW_P"], 2, maxspeed="50", surface="asphalt"),
    W(SEC, "De Noordweg", ["NW_P", (-627, -40)], 3, maxspeed="50", surface="asphalt"),
    W(SEC, "De Noordweg", [(-627, -40), (-629, 100), "NW_R"], -2, maxspeed="50", surface="asphalt"),
    W(SEC, "De Noordweg", ["NW_R", (-631, 420), "NW_V"], 2, maxspeed="50", surface="asphalt"),
    W(SEC, "De Noordweg", ["NW_V", (-636, 640), (-646, 712)], -3, maxspeed="80", surface="asphalt"),
    # --- collectors
    W(TER, "Salieweg", ["NW_S", (-520, -538), "S_A"], 2, maxspeed="50"),
    W(TER, "Salieweg", ["S_A", "S_Va", "S_K"], -3, maxspeed="50"),
    W(TER, "Salieweg", ["S_K", (-30, -532), (90, -524), "S_T"], 2, maxspeed="50"),
    W(TER, "Salieweg", ["S_T", (300, -514), "S_Du"], -2, maxspeed="50"),
    W(TER, "Salieweg", ["S_Du", (520, -495), "S_L"], -4, maxspeed="50"),
    W(TER, "Lavasweg", ["S_L", "L_W", "L_V"], 4, maxspeed="50"),
    W(TER, "Lavasweg", ["L_V", (630, -20), "L_K"], -5, maxspeed="50"),
    W(TER, "Lavasweg", ["L_K", "L_D", (598, 455), "L_N"], 4, maxspeed="50"),
    W(TER, "Venkelweg", ["L_N", (480, 552), "V_D", "V_T"], -3, maxspeed="50"),
    W(TER, "Venkelweg", ["V_T", (0, 556), "V_B"], 4, maxspeed="50"),
    W(TER, "Venkelweg", ["V_B", "V_Ke", "NW_V"], -3, maxspeed="50"),
    W(R, "Tijmlaan", ["S_T", "T_Wa", "T_P", "T_V", "T_H"], 0, maxspeed="30"),
    W(R, "Tijmlaan", ["T_H", "T_B", "T_F", "T_L", "T_K"], 0, maxspeed="30"),
    W(R, "Tijmlaan", ["T_K", "T_S", "T_R", "T_O", "V_T"], 0, maxspeed="30"),
    # --- Kruidentuin-Noord
    W(R, "Rozemarijnstraat", ["NW_R", "R_Ke", "R_M"], 3),
    W(R, "Rozemarijnstraat", ["R_M", "R_B", "R_C"], -7),
    W(R, "Rozemarijnstraat", ["R_C", "R_PL", "R_H", "T_R"], 3),
    W(R, "Kervelstraat", ["V_Ke", "Ke_Bo", "O_Ke", "R_Ke"], 2),
    W(R, "Kervelstraat", ["R_Ke", "K_Ko", "K_S"], -8),
    W(R, "Bonenkruidhof", ["Ke_Bo", (-540, 492), (-575, 470)], 2),
    W(R, "Oreganostraat", ["O_Ke", "O_D", "O_B"], 2),
    W(R, "Oreganostraat", ["O_B", (-150, 452), "O_C", "O_Ka", "T_O"], -6),
    W(R, "Bieslookstraat", ["V_B", "O_B"], 2),
    W(R, "Bieslookstraat", ["O_B", "R_B"], -2),
    W(R, "Bieslookstraat", ["R_B", (-248, 210), "B_S"], 2),
    W(LS, "Dillehof", ["O_D", (-352, 395), (-385, 370)], 0),
    W(R, "Munthof", ["R_M", (-350, 240), "M_J", (-300, 185)], 0),
    W(R, "Munthof", ["M_J", (-395, 150)], 0),
    W(R, "Korianderhof", ["K_Ko", (-520, 182), (-570, 160)], 2),
    W(LS, "Citroenmelisse", ["R_C", (-148, 385), (-100, 398), "O_C"], 0),
    W(LS, "Kamillehof", ["O_Ka", (22, 500), (60, 505)], 0),
    W(R, "Hysophof", ["R_H", (62, 400), (110, 410)], 0),
    W("pedestrian", "Kruidenplein", ["R_PL", "PL_N", "PL_S"], 0, surface="paving_stones"),
    W("pedestrian", "Kruidenplein",
      ["PL_a", "PL_S", "PL_b", "PL_c", "PL_N", "PL_d", "PL_a"], 0, area="yes", surface="paving_stones"),
    # --- Kruidenpark
    W("steps", None, ["PL_S", "PL_T"], 0, step_count="6"),
    W("footway", "Marjoleinpad", ["PL_T", "PK_N", (-52, 165), "PN", "PB"], 0, surface="paving_stones"),
    W("footway", "Marjoleinpad", ["PS", "PX", "H1"], 0, surface="paving_stones"),
    W("footway", "Lavendelpad", ["K_S", (-330, 62), "PW"], 2, surface="paving_stones"),
    W("footway", "Lavendelpad", ["PW", "PA", "PN", "PC", (140, 75), "T_L"], 4, surface="fine_gravel"),
    W("steps", None, ["B_S", "B_St"], 0, step_count="4"),
    W("footway", None, ["B_St", (-200, 120), "PA"], 0),
    W("footway", "Vijverpad", ["PB", (20, 88), "PE2", (20, -28), "PS"], 0, surface="fine_gravel"),
    W("footway", "Vijverpad", ["PS", (-100, -28), "PWl", (-100, 88), "PB"], 0, surface="fine_gravel"),
    W("steps", None, ["PE2", (42, 28)], 0, step_count="3", description="vissteiger"),
    W("path", None, ["SE_E", (-170, -60), "PX", (60, -75), (110, -30), (160, 0), "T_F"], 3,
      bicycle="designated", foot="designated", surface="asphalt"),
    W("cycleway", None, ["K_S", "A_N"], 0, foot="yes"),
    # --- Kruidentuin-Zuid
    W(R, "Peterseliestraat", ["NW_P", "P_Ka", "P_A"], -2),
    W(R, "Peterseliestraat", ["P_A", "P_Z", "P_K"], 8),
    W(R, "Peterseliestraat", ["P_K", "P_G", (140, -296), "T_P"], -3),
    W(R, "Anijsstraat", ["S_A", "Z_A", "P_A"], 2),
    W(R, "Anijsstraat", ["P_A", "A_Mo", "A_Pi", "A_N"], -7),
    W(R, "Selderijweg", ["A_N", (-320, -12), "SE_E"], 8),
    W(R, "Komijnstraat", ["S_K", "Z_K", "P_K"], 2),
    W(R, "Komijnstraat", ["P_K", (-155, -230), "K_N"], -2),
    W(R, "Zuringstraat", ["Z_A", "Z_Z", "Z_K"], 3),
    W(LS, "Bernagiehof", ["Z_K", (-60, -418), (-20, -440)], 0),
    W(R, "Karwijhof", ["P_Ka", (-522, -380), (-560, -420)], 0),
    W(R, "Mosterdhof", ["A_Mo", (-480, -222), (-545, -200)], 2),
    W(LS, "Pimpernelhof", ["A_Pi", (-500, -92), (-540, -60)], 0),
    W(R, "Goudsbloemhof", ["P_G", (52, -370), (95, -420)], 0),
    W(R, "Valeriaanhof", ["S_Va", (-285, -465), (-240, -462)], 0),
    W("footway", "Brandnetelpad", ["Z_Z", "P_Z"], 2),
    W("footway", "Hysoppad", ["K_N", "H1"], 2),
    W("footway", "Hysoppad", ["H1", "H2", "T_H"], -2),
    W("cycleway", None, ["S_K", (-130, -540), (0, -546), (185, -538), "S_T"], 0, foot="no"),
    # --- Kruidentuin-Oost
    W(R, "Waterkersweg", ["T_Wa", "W_En", "W_E"], 6),
    W(R, "Waterkersweg", ["W_E", "W_La", "L_W"], -3),
    W(R, "Vlierstraat", ["T_V", "V_Du"], 3),
    W(R, "Vlierstraat", ["V_Du", (520, -215), "L_V"], -3),
    W(R, "Duizendbladstraat", ["S_Du", "W_E"], 0),
    W(R, "Duizendbladstraat", ["W_E", "V_Du"], 2),
    W(R, "Duizendbladstraat", ["V_Du", (392, -60), "Du_Ka"], 9),
    W(R, "Duizendbladstraat", ["Du_Ka", (415, 300), "Du_Al", "V_D"], -8),
    W(R, "Kamperfoeliestraat", ["T_K", "Ka_L", "Du_Ka"], 7),
    W(R, "Kamperfoeliestraat", ["Du_Ka", (520, 148), "L_K"], -8),
    W(LS, "Basilicumhof", ["T_B", (280, -100), (300, -60), (340, -55)], 0),
    W(R, "Dragonhof", ["L_D", (520, 355), "DR_E"], 2),
    W("service", None, ["DR_E", (452, 300)], 0, access="private", service="driveway"),
    W(R, "Engelwortelhof", ["W_En", (300, -450), (340, -470)], 0),
    W(R, "Laurierhof", ["W_La", (520, -440)], 0),
    W(R, "Alsemhof", ["Du_Al", (500, 425), (530, 462)], 0),
    W(LS, "Lepelbladhof", ["Ka_L", (302, 220), (340, 235)], 0),
    W("service", None, ["T_S", (245, 298), (250, 332), (290, 334)], 0, service="parking_aisle"),
    # --- deliberately disconnected: a loose path on the Kruidenweide meadow
    W("footway", "Weidepad", [(520, -100), (490, -40), (505, 10)], 3, surface="grass"),
]

POIS = [
    ((-112, 282), {"amenity": "community_centre", "name": "Buurthuis De Kruidentuin"}),
    ((95, 150), {"leisure": "playground", "name": "Speeltuin Kruidenpark"}),
    ((505, 340), {"leisure": "playground", "name": "Speelplek Dragonhof"}),
    ((-330, 230), {"leisure": "playground", "name": "Speelplek Munthof"}),
    ((290, 300), {"amenity": "school", "name": "Basisschool De Zaaier"}),
]

# Hotspots for the observations (x, y, sigma m, weight)
HOTSPOTS = {
    "park": ((-30, 60), 110.0),
    "plein": ((-60, 285), 45.0),
    "school": ((250, 300), 60.0),
}

# ---------------------------------------------------------------------------
# Buurt polygons (tiling by construction: shared vertices are named once)
# ---------------------------------------------------------------------------

BV: dict[str, tuple[float, float]] = {
    "W": (-665, 25), "NW": (-665, 590), "N1": (-200, 595), "T": (150, 590), "K": (145, 420),
    "NE": (655, 585), "E1": (670, 200), "E2": (660, -300), "SE": (640, -575),
    "B": (150, -570), "BK": (155, -380), "S1": (-300, -575), "SW": (-665, -570),
    "P_NW": (-200, 200), "P_NE": (150, 200), "P_SE": (150, -150), "P_SW": (-200, -150),
    "P_W": (-200, 25),
    # Kruidenweide: an enclave of Kruidenpark inside Kruidentuin-Oost
    "KW1": (450, -130), "KW2": (545, -135), "KW3": (552, -40), "KW4": (540, 40),
    "KW5": (470, 45), "KW6": (445, -30),
}


def pond_ring() -> list[tuple[float, float]]:
    """Kruidenvijver: the hole in Kruidenpark, clockwise."""
    pts = []
    n = 18
    for i in range(n):
        a = -2 * math.pi * i / n  # negative angle step: clockwise
        r = 1.0 + 0.08 * math.sin(3 * a)
        pts.append(S((-40 + 70 * r * math.cos(a), 30 + 45 * r * math.sin(a))))
    pts.append(pts[0])
    return pts


KRUIDENWEIDE = ["KW1", "KW2", "KW3", "KW4", "KW5", "KW6", "KW1"]

BUURTEN = [
    {
        "buurtcode": "BU03039901", "buurtnaam": "Kruidentuin-Noord",
        "rings": [["W", "P_W", "P_NW", "P_NE", "K", "T", "N1", "NW", "W"]],
    },
    {
        "buurtcode": "BU03039902", "buurtnaam": "Kruidentuin-Zuid",
        "rings": [["SW", "S1", "B", "BK", "P_SE", "P_SW", "P_W", "W", "SW"]],
    },
    {
        "buurtcode": "BU03039903", "buurtnaam": "Kruidenpark",
        # MultiPolygon: the park (with the pond as a hole) and the Kruidenweide
        "parts": [
            [["P_SW", "P_SE", "P_NE", "P_NW", "P_W", "P_SW"], "POND"],
            [KRUIDENWEIDE],
        ],
    },
    {
        "buurtcode": "BU03039904", "buurtnaam": "Kruidentuin-Oost",
        "rings": [["B", "SE", "E2", "E1", "NE", "T", "K", "P_NE", "P_SE", "BK", "B"],
                  list(reversed(KRUIDENWEIDE))],
    },
]



def S(p):
    c, s = math.cos(math.radians(ROTATION)), math.sin(math.radians(ROTATION))
    return (SCALE * (c * p[0] - s * p[1]), SCALE * (s * p[0] + c * p[1]))


def design(p):
    """Inverse of S(): metres back to design units."""
    c, s = math.cos(math.radians(ROTATION)), math.sin(math.radians(ROTATION))
    x, y = p[0] / SCALE, p[1] / SCALE
    return (c * x + s * y, -s * x + c * y)


# Design units -> metres.
J = {k: S(v) for k, v in J.items()}
BV = {k: S(v) for k, v in BV.items()}
WAYS = [(tags, [p if isinstance(p, str) else S(p) for p in pts], bend * SCALE) for tags, pts, bend in WAYS]
POIS = [(S(xy), tags) for xy, tags in POIS]
HOTSPOTS = {k: (S(c), sigma * SCALE) for k, (c, sigma) in HOTSPOTS.items()}
EDGE_SEGMENT = (S((-634, 604)), S((-640, 660)))  # De Noordweg, just outside the buurten
MEETING_POINT = POIS[0][0]

# ---------------------------------------------------------------------------
# Taxonomy
# ---------------------------------------------------------------------------

WVS = "Wegen, verkeer, straatmeubilair"
GROEN_WATER = "Openbaar groen en water"

TAXONOMY = {
    "name": "Schouw standaard",
    "version": 1,
    "levels": {
        "crow": [
            {"code": "A+", "nl": "zeer goed", "en": "very good"},
            {"code": "A", "nl": "goed", "en": "good"},
            {"code": "B", "nl": "basis", "en": "basic"},
            {"code": "C", "nl": "matig", "en": "poor"},
            {"code": "D", "nl": "slecht", "en": "bad"},
        ],
        "simple": [
            {"code": "goed", "nl": "goed", "en": "good"},
            {"code": "slecht", "nl": "slecht", "en": "bad"},
            {"code": "plus", "nl": "pluspunt / idee", "en": "positive / idea"},
        ],
    },
    "categories": [
        {"code": "afval", "nl": "Afval", "en": "Waste", "signalen": "Afval", "theme": "schoon",
         "subcategories": [
             {"code": "zwerfvuil", "nl": "Zwerfvuil", "en": "Litter"},
             {"code": "volle_prullenbak", "nl": "Volle prullenbak", "en": "Overflowing litter bin"},
             {"code": "bijplaatsing", "nl": "Afval naast container", "en": "Waste dumped next to container"},
             {"code": "grofvuil", "nl": "Grofvuil / dumping", "en": "Bulky waste / fly-tipping"},
         ]},
        {"code": "groen", "nl": "Groen", "en": "Greenery", "signalen": GROEN_WATER, "theme": "heel",
         "subcategories": [
             {"code": "snoeien", "nl": "Snoeien nodig", "en": "Pruning needed"},
             {"code": "onkruid", "nl": "Onkruid", "en": "Weeds"},
             {"code": "dode_beplanting", "nl": "Dode boom of plant", "en": "Dead tree or plant"},
             {"code": "gras_maaien", "nl": "Gras maaien", "en": "Grass mowing"},
             {"code": "boomwortels", "nl": "Opdrukkende boomwortels", "en": "Tree roots lifting paving"},
         ]},
        {"code": "bestrating", "nl": "Bestrating", "en": "Paving", "signalen": WVS, "theme": "heel",
         "subcategories": [
             {"code": "losse_tegel", "nl": "Losse of kapotte tegel", "en": "Loose or broken tile"},
             {"code": "kuil_gat", "nl": "Kuil of gat", "en": "Pothole"},
             {"code": "verzakking", "nl": "Verzakking", "en": "Subsidence"},
             {"code": "stoeprand", "nl": "Stoeprand", "en": "Kerb"},
         ]},
        {"code": "verlichting", "nl": "Verlichting", "en": "Street lighting", "signalen": WVS,
         "theme": "veilig",
         "subcategories": [
             {"code": "lamp_kapot", "nl": "Lamp kapot", "en": "Lamp out"},
             {"code": "te_donker", "nl": "Te donker", "en": "Too dark"},
         ]},
        {"code": "straatmeubilair", "nl": "Straatmeubilair", "en": "Street furniture", "signalen": WVS,
         "theme": "heel",
         "subcategories": [
             {"code": "bankje", "nl": "Bankje", "en": "Bench"},
             {"code": "bord_paal", "nl": "Bord of paal", "en": "Sign or post"},
             {"code": "prullenbak_kapot", "nl": "Prullenbak kapot", "en": "Broken litter bin"},
             {"code": "hek", "nl": "Hek of afrastering", "en": "Fence or railing"},
         ]},
        {"code": "spelen", "nl": "Spelen", "en": "Play areas", "signalen": WVS, "theme": "heel",
         "subcategories": [
             {"code": "speeltoestel_kapot", "nl": "Speeltoestel kapot", "en": "Broken play equipment"},
             {"code": "speelondergrond", "nl": "Valondergrond", "en": "Safety surfacing"},
             {"code": "speelvoorziening_ontbreekt", "nl": "Speelvoorziening ontbreekt",
              "en": "Play facility missing"},
         ]},
        {"code": "verkeer", "nl": "Verkeer", "en": "Traffic", "signalen": WVS, "theme": "veilig",
         "subcategories": [
             {"code": "hardrijden", "nl": "Hardrijden", "en": "Speeding"},
             {"code": "parkeren", "nl": "Foutparkeren", "en": "Illegal or obstructive parking"},
             {"code": "oversteek_onveilig", "nl": "Onveilige oversteek", "en": "Unsafe crossing"},
             {"code": "zicht_belemmerd", "nl": "Zicht belemmerd", "en": "Obstructed view"},
         ]},
        {"code": "sociale_veiligheid", "nl": "Sociale veiligheid", "en": "Social safety",
         "signalen": "Overlast van en door personen of groepen", "theme": "veilig",
         "subcategories": [
             {"code": "donkere_plek", "nl": "Donkere plek", "en": "Dark spot"},
             {"code": "onoverzichtelijk", "nl": "Onoverzichtelijke plek", "en": "Hidden corner"},
             {"code": "overlast_jongeren", "nl": "Overlast jongeren", "en": "Youth nuisance"},
         ]},
        {"code": "water", "nl": "Water en riolering", "en": "Water and drainage", "signalen": GROEN_WATER,
         "theme": "heel",
         "subcategories": [
             {"code": "wateroverlast", "nl": "Wateroverlast / plassen", "en": "Flooding / puddles"},
             {"code": "verstopte_put", "nl": "Verstopte put", "en": "Blocked drain"},
             {"code": "vervuild_water", "nl": "Vervuild water", "en": "Polluted water"},
         ]},
        {"code": "dieren", "nl": "Dieren", "en": "Animals", "signalen": "Overlast van dieren",
         "theme": "schoon",
         "subcategories": [
             {"code": "hondenpoep", "nl": "Hondenpoep", "en": "Dog fouling"},
             {"code": "ongedierte", "nl": "Ongedierte (ratten, wespen)", "en": "Pests (rats, wasps)"},
         ]},
        {"code": "graffiti_vandalisme", "nl": "Graffiti en vandalisme", "en": "Graffiti and vandalism",
         "signalen": "Schoon", "theme": "schoon",
         "subcategories": [
             {"code": "graffiti", "nl": "Graffiti", "en": "Graffiti"},
             {"code": "vernieling", "nl": "Vernieling", "en": "Vandalism"},
         ]},
        {"code": "idee", "nl": "Idee of pluspunt", "en": "Idea or positive point", "signalen": "Overig",
         "theme": "idee",
         "subcategories": [
             {"code": "idee_groen", "nl": "Idee groen", "en": "Idea: greenery"},
             {"code": "idee_spelen", "nl": "Idee spelen", "en": "Idea: play"},
             {"code": "idee_ontmoeten", "nl": "Idee ontmoeten", "en": "Idea: meeting place"},
             {"code": "idee_overig", "nl": "Idee overig", "en": "Idea: other"},
         ]},
    ],
}

# ---------------------------------------------------------------------------
# Observation texts
# ---------------------------------------------------------------------------

# Texts per subcategory: "neg" for levels C/D, "mild" for B, "pos" for A/A+,
# "idea" for level "plus". {nr} becomes a house number. A text that starts
# with "@place " is only used where that place applies (see places_at()):
# park, pond, plein, school, play, street (a road with houses), path (a
# footway, path or cycleway). Texts with a house number need a street.
TEXTS = {
    "zwerfvuil": {
        "neg": ["@path Veel zwerfvuil in de struiken langs het pad.",
                "Blikjes en chipszakken in de berm bij nr. {nr}.",
                "Zwerfvuil rond het bankje, vooral sigarettenpeuken.",
                "@street Plastic en papier waait vanaf de containers de straat in.",
                "Lachgaspatronen en blikjes in het gras.",
                "@school Snoeppapiertjes en pakjes drinken langs het schoolhek.",
                "@pond Flessen en plastic in het riet langs de vijver."],
        "mild": ["Hier en daar wat papier, valt mee.", "Wat peuken bij de bankjes, verder redelijk schoon."],
        "pos": ["Heel schoon, complimenten.", "@street Bewoners houden de straat zelf schoon, top!"],
    },
    "volle_prullenbak": {
        "neg": ["Prullenbak puilt uit, afval ligt ernaast.",
                "Afvalbak bij het bankje is vol, wordt te weinig geleegd.",
                "Prullenbak vol met hondenpoepzakjes, stinkt."],
        "mild": ["Prullenbak bijna vol, na het weekend vaak overvol."],
        "pos": ["Prullenbakken worden goed geleegd."],
    },
    "bijplaatsing": {
        "neg": ["Vuilniszakken naast de ondergrondse container.",
                "Kartonnen dozen bijgeplaatst bij de papiercontainer.",
                "Afval naast de container, meeuwen trekken de zakken open."],
        "mild": ["Soms een zak naast de container, meestal snel opgeruimd."],
        "pos": ["Containerplek netjes, geen bijplaatsingen."],
    },
    "grofvuil": {
        "neg": ["@path Oude matras achtergelaten naast het pad.",
                "Kapotte stoel en planken gedumpt achter de garages.",
                "Winkelwagentje achtergelaten in het plantsoen."],
        "mild": ["Oude bloembakken bij de container gezet, wel netjes opgestapeld."],
        "pos": ["Geen dumpingen gezien."],
    },
    "snoeien": {
        "neg": ["@street Heg hangt over de stoep, je moet de straat op.",
                "Struiken bij de hoek belemmeren het zicht, snoeien graag.",
                "@path Takken hangen laag over het fietspad.",
                "Haag voor nr. {nr} groeit over het trottoir."],
        "mild": ["Heesters worden wat breed, snoeien bij volgende ronde."],
        "pos": ["Heesters netjes gesnoeid."],
    },
    "onkruid": {
        "neg": ["Veel onkruid tussen de tegels van de stoep.",
                "@street Onkruid in de goot, hele straat.",
                "Plantvak vol onkruid, beplanting verdwijnt."],
        "mild": ["@street Wat onkruid in de goot, nog acceptabel."],
        "pos": ["Plantvakken onkruidvrij, mooi bijgehouden."],
    },
    "dode_beplanting": {
        "neg": ["Dode boom naast nr. {nr}, takken vallen af.",
                "Jonge boom is doodgegaan, boompaal staat scheef.",
                "Heesters in het plantvak zijn verdord."],
        "mild": ["Enkele heesters in het plantvak zijn verdord."],
        "pos": ["Nieuwe bomen doen het goed."],
    },
    "gras_maaien": {
        "neg": ["Gras is al weken niet gemaaid.",
                "Bermen erg hoog, maaisel blijft liggen.",
                "@play Gras rond de speeltoestellen te lang."],
        "mild": ["Gras redelijk kort, randen niet bijgeknipt."],
        "pos": ["Gras net gemaaid, ziet er verzorgd uit."],
    },
    "boomwortels": {
        "neg": ["Boomwortels drukken de tegels omhoog voor nr. {nr}.",
                "@path Fietspad bolt op door wortels, gevaarlijk in het donker.",
                "Wortels tillen de stoeprand op."],
        "mild": ["Wortels beginnen de tegels op te drukken, in de gaten houden."],
        "pos": ["Boomspiegels vernieuwd, stoep weer vlak."],
    },
    "losse_tegel": {
        "neg": ["Tegels liggen los voor nr. {nr}, struikelgevaar.",
                "Losse tegels bij de oversteek, wiebelen als je erop stapt.",
                "Kapotte stoeptegel bij de lantaarnpaal.",
                "Stoep bij nr. {nr} ligt scheef, rollator blijft haken."],
        "mild": ["Een paar tegels liggen iets hol, nog begaanbaar."],
        "pos": ["Nieuwe bestrating ligt er strak bij."],
    },
    "kuil_gat": {
        "neg": ["@street Gat in het asfalt, staat vaak water in.",
                "@path Kuil in het pad, fietsers moeten uitwijken.",
                "Diep gat waar een tegel ontbreekt."],
        "mild": ["Klein gat in het asfalt, nog niet gevaarlijk."],
        "pos": ["@path Gaten in het pad zijn netjes gedicht."],
    },
    "verzakking": {
        "neg": ["Stoep verzakt bij nr. {nr}, plas na regen.",
                "Klinkers verzakt rond de put.",
                "@street Parkeervak verzakt, auto's staan schuin."],
        "mild": ["@street Lichte verzakking in de rijbaan, valt nog mee."],
        "pos": ["Stoep recent opgehoogd, vlak en netjes."],
    },
    "stoeprand": {
        "neg": ["Stoeprand kapot, scherpe randen.",
                "Geen verlaagde stoeprand bij de oversteek, lastig met rolstoel.",
                "@street Stoeprand losgereden door vrachtverkeer."],
        "mild": ["Stoeprand beschadigd, maar niet los."],
        "pos": ["Nieuwe verlaagde stoeprand, fijn met de rollator."],
    },
    "lamp_kapot": {
        "neg": ["Lantaarnpaal bij nr. {nr} brandt niet.",
                "Twee lampen op rij kapot, erg donker 's avonds.",
                "Lamp knippert de hele avond."],
        "mild": ["Eén lamp brandt zwak, de rest werkt."],
        "pos": ["Kapotte lamp is snel vervangen."],
    },
    "te_donker": {
        "neg": ["@path Pad is 's avonds erg donker, bewoners mijden het.",
                "@park Te weinig verlichting bij de ingang van het park.",
                "Donker stuk tussen de garages, graag extra lamp."],
        "mild": ["Verlichting voldoende, wel wat schemerig tussen de palen."],
        "pos": ["Nieuwe ledverlichting, goed licht.", "@path Pad is goed verlicht."],
    },
    "bankje": {
        "neg": ["Bankje heeft een kapotte lat.",
                "Bank is beklad en wiebelt.",
                "Zitting van het bankje rot weg."],
        "mild": ["Bankje verweerd, nog wel heel."],
        "pos": ["Nieuwe bankjes, mooi geplaatst."],
    },
    "bord_paal": {
        "neg": ["Straatnaambord is onleesbaar.",
                "Verkeersbord staat scheef na aanrijding.",
                "Paaltje omgereden, ligt op de stoep."],
        "mild": ["Straatnaambord vies, nog wel leesbaar."],
        "pos": ["Straatnaamborden vernieuwd, goed leesbaar."],
    },
    "prullenbak_kapot": {
        "neg": ["Prullenbak los van de paal.",
                "Klep van de afvalbak is kapot.",
                "Prullenbak beschadigd, afval valt eruit."],
        "mild": ["Prullenbak gedeukt, werkt nog."],
        "pos": ["Nieuwe afvalbak geplaatst."],
    },
    "hek": {
        "neg": ["@play Hek rond het speelveld heeft een gat.",
                "Leuning bij de trap zit los.",
                "@pond Hek bij het water is omgevallen.",
                "@path Hekwerk langs het pad scheef gezakt."],
        "mild": ["Hekwerk wat roestig, verder in orde."],
        "pos": ["Hekwerk opnieuw geverfd."],
    },
    "speeltoestel_kapot": {
        "neg": ["@play Schommel kapot, ketting is los.",
                "@play Glijbaan heeft een scheur, kinderen kunnen zich snijden.",
                "@play Wipkip los op de voet.",
                "@play Klimrek heeft een gebroken sport."],
        "mild": ["@play Speeltoestellen in orde, wat verweerd."],
        "pos": ["@play Nieuwe speeltoestellen, kinderen zijn er blij mee."],
    },
    "speelondergrond": {
        "neg": ["@play Valondergrond onder de schommel uitgesleten.",
                "@play Rubbertegels liggen los bij het klimrek.",
                "@play Zand in de zandbak vervuild, katten gebruiken het."],
        "mild": ["@play Zand onder de glijbaan wat aangestampt."],
        "pos": ["@play Nieuwe valondergrond, netjes en veilig."],
    },
    "speelvoorziening_ontbreekt": {
        "neg": ["@street Geen speelplek voor oudere kinderen in deze straat.",
                "Speeltoestel weggehaald en niet teruggeplaatst.",
                "Voetbaldoeltje ontbreekt sinds de zomer."],
        "mild": ["@street Weinig speelruimte, kinderen spelen op straat."],
        "pos": ["@play Speelplek is compleet, voor jong en oud."],
    },
    "hardrijden": {
        "neg": ["@street Auto's rijden hier veel te hard, vooral 's ochtends.",
                "@path Scooters racen over het fietspad.",
                "@street Hardrijders op de lange rechte weg, graag een drempel.",
                "@school Te hard gereden bij de school, gevaarlijk voor kinderen."],
        "mild": ["@street Verkeer meestal rustig, af en toe een hardrijder."],
        "pos": ["@street Drempels werken goed, verkeer rijdt rustig."],
    },
    "parkeren": {
        "neg": ["@street Auto's parkeren op de stoep, kinderwagen kan er niet langs.",
                "@school Ouders parkeren dubbel bij de school.",
                "@street Bestelbus staat al weken in de bocht.",
                "@street Geparkeerde auto's blokkeren de doorgang voor de vuilniswagen."],
        "mild": ["@street Parkeren gaat meestal goed, 's avonds druk."],
        "pos": ["@school Kiss-and-ride strook werkt goed."],
    },
    "oversteek_onveilig": {
        "neg": ["@street Oversteek onoverzichtelijk, geen zebrapad.",
                "@school Kinderen steken hier over naar school, verkeer stopt niet.",
                "@street Oversteekplaats ligt precies in de bocht."],
        "mild": ["@street Oversteek redelijk, wel slecht zicht door geparkeerde auto's."],
        "pos": ["Duidelijke oversteek, goed zichtbaar."],
    },
    "zicht_belemmerd": {
        "neg": ["Haag op de hoek ontneemt het zicht op fietsers.",
                "@street Geparkeerde aanhanger belemmert het zicht bij de uitrit.",
                "@street Bosjes bij de kruising te hoog."],
        "mild": ["@street Zicht op de kruising net voldoende."],
        "pos": ["Hoek is open gemaakt, goed zicht."],
    },
    "donkere_plek": {
        "neg": ["Donkere plek achter de bosjes, voelt onveilig.",
                "@street Brandgang zonder licht, bewoners lopen liever om.",
                "@path Geen verlichting onder de bomen langs het pad."],
        "mild": ["Overdag prima, 's avonds wat donker."],
        "pos": ["Open en goed verlicht, voelt veilig."],
    },
    "onoverzichtelijk": {
        "neg": ["Hoge struiken, je ziet niet wie eraan komt.",
                "Onoverzichtelijk hoekje bij de garageboxen.",
                "Doorsteek is smal en slecht zichtbaar vanaf de straat."],
        "mild": ["Redelijk overzichtelijk, struiken wel laag houden."],
        "pos": ["Goed zicht vanuit de woningen."],
    },
    "overlast_jongeren": {
        "neg": ["'s Avonds hangjongeren bij het bankje, veel lawaai.",
                "@plein Jongeren met scooters op het plein, bewoners voelen zich onveilig.",
                "Rommel en lachgas na avondjes hangen."],
        "mild": ["Soms jongeren bij het bankje, weinig overlast."],
        "pos": ["@plein Jongerenwerk is goed zichtbaar op het plein, overlast afgenomen."],
    },
    "wateroverlast": {
        "neg": ["@path Grote plas op het pad na elke bui.",
                "Water blijft staan op de stoep bij nr. {nr}.",
                "@path Pad staat blank bij regen, je kunt er niet langs."],
        "mild": ["Na zware regen een plas, trekt snel weg."],
        "pos": ["Geen plassen meer sinds de nieuwe kolken."],
    },
    "verstopte_put": {
        "neg": ["Kolk verstopt met bladeren.",
                "Put loopt niet door, water blijft staan.",
                "Rooster van de put vol zand."],
        "mild": ["Wat blad op de kolken, nog geen probleem."],
        "pos": ["Kolken schoon, water loopt goed weg."],
    },
    "vervuild_water": {
        "neg": ["@pond Drijfvuil en flessen in de vijver.",
                "@pond Vijver ruikt, veel kroos en algen.",
                "@pond Olievlek op het water bij de steiger."],
        "mild": ["@pond Water in de vijver redelijk helder."],
        "pos": ["@pond Vijverrand mooi hersteld, water helder."],
    },
    "hondenpoep": {
        "neg": ["Veel hondenpoep op het grasveld.",
                "Hondenpoep op de stoep voor nr. {nr}.",
                "@play Poep in het speelveld, kinderen spelen hier.",
                "@path Hondenpoep langs het pad, geen poepzakjespaal."],
        "mild": ["Af en toe hondenpoep, valt mee."],
        "pos": ["Poepzakjespaal wordt goed gebruikt, geen poep gezien."],
    },
    "ongedierte": {
        "neg": ["Ratten gezien bij de containers.",
                "Wespennest in de boom naast het bankje.",
                "@pond Ratten bij de vijver door voerresten voor de eenden."],
        "mild": ["Een enkele rat gezien, bewoners letten op."],
        "pos": ["Geen overlast van ongedierte meer na de aanpak."],
    },
    "graffiti": {
        "neg": ["Graffiti op het elektriciteitshuisje.",
                "Tags op de muur van de garageboxen.",
                "@play Speeltoestel beklad met lelijke teksten."],
        "mild": ["Een paar kleine tags, verder netjes."],
        "pos": ["Muur is schoongemaakt, ziet er goed uit.",
                "@plein Muurschildering op het plein, geen graffiti meer."],
    },
    "vernieling": {
        "neg": ["Lantaarnpaal beschadigd, kap ingegooid.",
                "Jonge boompjes afgebroken.",
                "Bankje in brand gestoken, zwartgeblakerd."],
        "mild": ["Kleine vernielingen aan de plantvakken."],
        "pos": ["Vernielde bankjes snel vervangen."],
    },
    "idee_groen": {
        "idea": ["Idee: bloemrijke berm in plaats van gras, goed voor bijen.",
                 "@street Bewoners willen geveltuintjes, kan dat hier?",
                 "Idee: kruidentuin aanleggen, past bij de naam van de wijk.",
                 "Meer kleur in de plantvakken, bijvoorbeeld bollen.",
                 "@street Idee: tegels eruit, groen erin (Tegelwippen) in deze straat.",
                 "@park Idee: fruitbomen in het park, pluk voor de buurt."],
    },
    "idee_spelen": {
        "idea": ["Idee: trapveldje voor oudere kinderen.",
                 "@play Watertappunt bij de speeltuin zou fijn zijn.",
                 "Idee: natuurspeelplek met boomstammen.",
                 "@street Idee: speelstraat op woensdagmiddag."],
    },
    "idee_ontmoeten": {
        "idea": ["@pond Idee: picknicktafel bij de vijver.",
                 "Bankje in de schaduw voor ouderen gevraagd.",
                 "@plein Idee: buurtbibliotheekkastje bij het buurthuis.",
                 "Idee: jaarlijkse opschoondag met de buurt.",
                 "@park Idee: jeu-de-boulesbaan voor de buurt."],
    },
    "idee_overig": {
        "idea": ["@pond Toegankelijke visplek bij de vijver gevraagd.",
                 "Idee: buurtpreventie-app opzetten.",
                 "@street Idee: 30 km-borden met kindertekeningen.",
                 "Idee: hondenuitlaatplek aanwijzen.",
                 "@plein Idee: extra fietsenrekken bij het plein.",
                 "@plein Graag een AED-kast bij het buurthuis."],
    },
}

# Which categories show up where (weights), to make the story plausible.
CAT_WEIGHTS_DEFAULT = {
    "afval": 14, "groen": 14, "bestrating": 14, "verlichting": 6, "straatmeubilair": 6,
    "spelen": 3, "verkeer": 10, "sociale_veiligheid": 4, "water": 5, "dieren": 8,
    "graffiti_vandalisme": 4, "idee": 8,
}
CAT_WEIGHTS_HOT = {
    "park": {"afval": 14, "groen": 12, "bestrating": 4, "verlichting": 6, "straatmeubilair": 8,
             "spelen": 12, "verkeer": 1, "sociale_veiligheid": 9, "water": 9, "dieren": 10,
             "graffiti_vandalisme": 5, "idee": 10},
    "plein": {"afval": 12, "groen": 4, "bestrating": 8, "verlichting": 5, "straatmeubilair": 8,
              "spelen": 2, "verkeer": 2, "sociale_veiligheid": 10, "water": 2, "dieren": 3,
              "graffiti_vandalisme": 8, "idee": 8},
    "school": {"afval": 8, "groen": 4, "bestrating": 5, "verlichting": 3, "straatmeubilair": 3,
               "spelen": 10, "verkeer": 22, "sociale_veiligheid": 3, "water": 2, "dieren": 4,
               "graffiti_vandalisme": 3, "idee": 5},
}

GROUPS = {
    "Groep A": ["Anja", "Henk", "Fatma", "Joost"],
    "Groep B": ["Marieke", "Kees", "Yusuf", "Ingrid"],
    "Groep C": ["Sanne", "Pieter", "Noor", "Willem"],
}

N_OBSERVATIONS = 150

# ---------------------------------------------------------------------------
# Geometry helpers
# ---------------------------------------------------------------------------


def dist(a, b) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def ring_area(ring) -> float:
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(p, ring) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def point_in_polygon(p, rings) -> bool:
    return point_in_ring(p, rings[0]) and not any(point_in_ring(p, h) for h in rings[1:])


def seg_intersect(p1, p2, p3, p4) -> bool:
    """Proper intersection of two segments (touching endpoints excluded)."""
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def closest_on_segment(p, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L2))
    q = (ax + t * dx, ay + t * dy)
    return q, dist(p, q)


# ---------------------------------------------------------------------------
# Build the network
# ---------------------------------------------------------------------------


class Network:
    def __init__(self):
        self.nodes: dict[int, tuple[float, float]] = {}   # id -> (x, y)
        self.node_tags: dict[int, dict[str, str]] = {}
        self.ways: list[dict] = []                         # {id, tags, refs}
        self._jid: dict[str, int] = {}
        self._next = 1

    def new_node(self, xy) -> int:
        nid = self._next
        self._next += 1
        self.nodes[nid] = (float(xy[0]), float(xy[1]))
        return nid

    def junction(self, name: str) -> int:
        if name not in self._jid:
            self._jid[name] = self.new_node(J[name])
        return self._jid[name]

    def ref(self, p, raw_cache: dict) -> int:
        if isinstance(p, str):
            return self.junction(p)
        key = (float(p[0]), float(p[1]))
        # Raw points repeated inside the same way (never across ways) or used
        # twice (De Noordweg split) share a node.
        if key not in raw_cache:
            raw_cache[key] = self.new_node(key)
        return raw_cache[key]


def build_network() -> Network:
    net = Network()
    raw_cache: dict = {}
    way_id = 1001
    for tags, pts, bend in WAYS:
        refs = [net.ref(p, raw_cache) for p in pts]
        full = [refs[0]]
        for a, b in zip(refs, refs[1:]):
            pa, pb = net.nodes[a], net.nodes[b]
            L = dist(pa, pb)
            n = max(0, math.ceil(L / NODE_SPACING) - 1)
            ux, uy = (pb[0] - pa[0]) / L, (pb[1] - pa[1]) / L
            for i in range(1, n + 1):
                t = i / (n + 1)
                off = bend * math.sin(math.pi * t)
                x = pa[0] + t * (pb[0] - pa[0]) - uy * off
                y = pa[1] + t * (pb[1] - pa[1]) + ux * off
                full.append(net.new_node((x, y)))
            full.append(b)
        net.ways.append({"id": way_id, "tags": tags, "refs": full})
        way_id += 1
    for xy, tags in POIS:
        nid = net.new_node(xy)
        net.node_tags[nid] = tags
    return net


def way_xy(net: Network, way) -> list[tuple[float, float]]:
    # use the rounded lon/lat positions, so lengths match the written file
    return [to_xy(*to_lonlat(*net.nodes[r])) for r in way["refs"]]


def way_length(net: Network, way) -> float:
    pts = way_xy(net, way)
    return sum(dist(a, b) for a, b in zip(pts, pts[1:]))


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


def xml_escape(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def write_osm(net: Network, path: Path) -> None:
    lls = {nid: to_lonlat(*xy) for nid, xy in net.nodes.items()}
    lons = [ll[0] for ll in lls.values()]
    lats = [ll[1] for ll in lls.values()]
    out = io.StringIO()
    out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
    out.write(f'<osm version="0.6" generator="{GENERATOR}">\n')
    out.write(f' <bounds minlat="{f7(min(lats))}" minlon="{f7(min(lons))}" '
              f'maxlat="{f7(max(lats))}" maxlon="{f7(max(lons))}"/>\n')
    for nid in sorted(net.nodes):
        lon, lat = lls[nid]
        attrs = f'id="{nid}" version="1" visible="true" lat="{f7(lat)}" lon="{f7(lon)}"'
        tags = net.node_tags.get(nid)
        if tags:
            out.write(f" <node {attrs}>\n")
            for k in sorted(tags):
                out.write(f'  <tag k="{xml_escape(k)}" v="{xml_escape(tags[k])}"/>\n')
            out.write(" </node>\n")
        else:
            out.write(f" <node {attrs}/>\n")
    for w in net.ways:
        out.write(f' <way id="{w["id"]}" version="1" visible="true">\n')
        for r in w["refs"]:
            out.write(f'  <nd ref="{r}"/>\n')
        for k in sorted(w["tags"]):
            out.write(f'  <tag k="{xml_escape(k)}" v="{xml_escape(w["tags"][k])}"/>\n')
        out.write(" </way>\n")
    out.write("</osm>\n")
    path.write_text(out.getvalue(), encoding="utf-8", newline="\n")


def coords_json(ring) -> str:
    return "[" + ",".join(f"[{f7(lon)},{f7(lat)}]" for lon, lat in ring) + "]"


def buurt_geometries() -> list[tuple[dict, str, list]]:
    """Returns (properties, geometry type, list of polygons as lists of lon/lat rings)."""
    res = []
    for b in BUURTEN:
        props = {
            "buurtcode": b["buurtcode"],
            "buurtnaam": b["buurtnaam"],
            "wijkcode": "WK030399",
            "wijknaam": "De Kruidentuin",
            "gemeentecode": "GM0303",
            "gemeentenaam": "Dronten",
            "water": "NEE",
        }
        polys = []
        if "parts" in b:
            for part in b["parts"]:
                rings = []
                for r in part:
                    if r == "POND":
                        rings.append([to_lonlat(*p) for p in pond_ring()])
                    else:
                        rings.append([to_lonlat(*BV[v]) for v in r])
                polys.append(rings)
            gtype = "MultiPolygon"
        else:
            polys.append([[to_lonlat(*BV[v]) for v in r] for r in b["rings"]])
            gtype = "Polygon"
        res.append((props, gtype, polys))
    return res


def write_buurten(path: Path) -> None:
    lines = []
    for props, gtype, polys in buurt_geometries():
        if gtype == "Polygon":
            coords = "[" + ",".join(coords_json(r) for r in polys[0]) + "]"
        else:
            coords = "[" + ",".join("[" + ",".join(coords_json(r) for r in p) + "]" for p in polys) + "]"
        lines.append('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
                     + f',"geometry":{{"type":"{gtype}","coordinates":{coords}}}}}')
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")


# Words people use for a subcategory: typed as a category anywhere (command line, CSV, GPX, web),
# they resolve to it. "Grofvuil / dumping" is grofvuil's own label, so "dumping" goes there; bags beside
# a container are bijplaatsing.
SYNONYMS = {
    ("afval", "zwerfvuil"): ["zwerfafval", "rommel", "blikjes", "troep op straat"],
    ("afval", "volle_prullenbak"): ["volle afvalbak", "overvolle prullenbak", "prullenbak vol", "afvalbak vol"],
    ("afval", "bijplaatsing"): ["vuilniszakken", "vuilniszak", "vuilniszakken naast container", "bijgeplaatst afval",
                                "rubbish bags"],
    ("afval", "grofvuil"): ["dumping", "illegale dumping", "afvaldumping", "fly-tipping"],
    ("groen", "snoeien"): ["overhangende takken", "overhangend groen", "heg te hoog"],
    ("groen", "onkruid"): ["onkruid op de stoep"],
    ("bestrating", "losse_tegel"): ["losliggende tegel", "scheve tegel", "kapotte stoeptegel", "losse stoeptegel"],
    ("bestrating", "kuil_gat"): ["gat in de weg", "gat in de stoep", "kuil in de weg", "gat in het wegdek", "pothole"],
    ("verlichting", "lamp_kapot"): ["lantaarnpaal", "lantaarn", "straatlantaarn", "straatlamp", "kapotte lantaarnpaal",
                                    "lantaarnpaal kapot", "kapotte lamp", "straatverlichting", "straatverlichting kapot",
                                    "streetlight", "street light", "broken street light"],
    ("spelen", "speeltoestel_kapot"): ["kapotte schommel", "kapotte glijbaan", "speeltoestel stuk"],
    ("verkeer", "hardrijden"): ["te hard rijden", "snelheid", "speeding"],
    ("verkeer", "parkeren"): ["foutparkeerder", "fout geparkeerd", "auto op de stoep"],
    ("water", "verstopte_put"): ["verstopte kolk", "kolk verstopt", "putje verstopt", "straatkolk"],
    ("dieren", "hondenpoep"): ["hondendrollen", "hondendrol", "hondenstront", "hondenpoep op de stoep", "dog poo", "dog mess"],
    ("dieren", "ongedierte"): ["ratten", "rat", "muizen", "wespennest"],
    ("graffiti_vandalisme", "graffiti"): ["bekladding", "tag", "tags", "klodders verf"],
    ("graffiti_vandalisme", "vernieling"): ["vandalisme", "kapotgemaakt", "vernield"],
}

# Each CROW level on the simple scale, so a finding keeps the schouw's own scale ("A" on a simple-scale
# schouw is goed; "slecht" on a CROW schouw is C or D, and asked).
LEVEL_EQUIVALENTS = {"A+": "goed", "A": "goed", "B": "goed", "C": "slecht", "D": "slecht"}


def taxonomy_with_words() -> dict:
    """The taxonomy with its synonyms and the CROW levels' simple-scale equivalents."""
    tax = json.loads(json.dumps(TAXONOMY))
    tax["version"] = 2
    for level in tax["levels"]["crow"]:
        level["equivalent"] = {"simple": LEVEL_EQUIVALENTS[level["code"]]}
    # A plus point (a positive remark or idea) has no CROW grade: it is kept as plus on either scale.
    for level in tax["levels"]["simple"]:
        if level["code"] == "plus":
            level["equivalent"] = {"crow": "plus"}
    for category in tax["categories"]:
        for sub in category["subcategories"]:
            words = SYNONYMS.get((category["code"], sub["code"]))
            if words:
                sub["synonyms"] = words
    return tax


def write_taxonomy(path: Path) -> None:
    path.write_text(json.dumps(taxonomy_with_words(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------
# Observations
# ---------------------------------------------------------------------------

OBS_FIELDS = ["id", "group", "walker", "observed_at", "category", "subcategory", "level", "text",
              "street", "checkpoint", "status", "owner"]


def weighted(rng: random.Random, d: dict):
    keys = list(d)
    return rng.choices(keys, weights=[d[k] for k in keys], k=1)[0]


def buurt_of(p, buurt_polys_xy) -> str | None:
    for code, polys in buurt_polys_xy:
        if any(point_in_polygon(p, rings) for rings in polys):
            return code
    return None


def make_observations(net: Network, rng: random.Random):
    # candidate segments: walkable, named ways (the walkers refer to a street)
    segs = []  # (a, b, name, way_tags)
    for w in net.ways:
        t = w["tags"]
        if t.get("area") == "yes" or t.get("access") == "private" or t.get("service") == "parking_aisle":
            continue
        pts = way_xy(net, w)
        for a, b in zip(pts, pts[1:]):
            segs.append((a, b, t.get("name"), t))
    named = [s for s in segs if s[2]]

    bpolys = [(props["buurtcode"], [[[to_xy(*ll) for ll in r] for r in poly] for poly in polys])
              for props, _, polys in buurt_geometries()]

    # Which group walked where: A north-west, B south-west, C east; the park is shared.
    def group_for(p, code):
        if code == "BU03039901":
            return "Groep A"
        if code == "BU03039903":
            d = design(p)
            if d[0] > 300:  # the Kruidenweide lies in the east
                return "Groep C"
            return "Groep A" if d[1] > 115 else "Groep B"  # park: northern edge A, rest B
        if code == "BU03039902":
            return "Groep B"
        if code == "BU03039904":
            return "Groep C"
        return "Groep A"

    def nearest_named(p):
        best = None
        for a, b, name, _ in named:
            q, d = closest_on_segment(p, a, b)
            if best is None or d < best[0]:
                best = (d, name)
        return best[1]

    def sample_point(kind):
        """Pick a point on a walkable segment, then offset sideways 1-12 m."""
        for _ in range(1000):
            if kind in HOTSPOTS:
                (cx, cy), sigma = HOTSPOTS[kind]
                target = (rng.gauss(cx, sigma), rng.gauss(cy, sigma))
                best = None
                for a, b, name, t in segs:
                    q, d = closest_on_segment(target, a, b)
                    if best is None or d < best[0]:
                        best = (d, q, a, b, name, t)
                _, q, a, b, name, t = best
            elif kind == "edge":
                a, b = (to_xy(*to_lonlat(*e)) for e in EDGE_SEGMENT)
                tt = rng.random()
                q = (a[0] + tt * (b[0] - a[0]), a[1] + tt * (b[1] - a[1]))
                name, t = "De Noordweg", {"highway": SEC}
            else:
                L = [dist(s[0], s[1]) for s in named]
                a, b, name, t = rng.choices(named, weights=L, k=1)[0]
                tt = rng.random()
                q = (a[0] + tt * (b[0] - a[0]), a[1] + tt * (b[1] - a[1]))
            L = dist(a, b)
            nx, ny = -(b[1] - a[1]) / L, (b[0] - a[0]) / L
            off = rng.uniform(1.0, 12.0) * rng.choice((-1, 1))
            p = (q[0] + nx * off, q[1] + ny * off)
            p = to_xy(*to_lonlat(*p))
            code = buurt_of(p, bpolys)
            if code is None and kind != "edge":
                continue
            if kind.startswith("street:") and code != kind.split(":")[1]:
                continue
            street = name or nearest_named(p)
            return p, code, street, t
        raise RuntimeError("could not place observation")

    pond_c = S((-40, 30))
    plein_c = S((-60, 280))
    school = next(xy for xy, t in POIS if t.get("amenity") == "school")
    plays = [xy for xy, t in POIS if t.get("leisure") == "playground"]

    def places_at(p, code, tags):
        """The special places a point is at; texts marked @place need them."""
        here = set()
        if tags["highway"] in (R, LS, TER, SEC):
            here.add("street")
        elif tags["highway"] in ("footway", "path", "cycleway", "steps"):
            here.add("path")
        if code == "BU03039903" and design(p)[0] < 300:
            here.add("park")
            if dist(p, pond_c) < 80:
                here.add("pond")
        if dist(p, plein_c) < 60:
            here.add("plein")
        if dist(p, school) < 90:
            here.add("school")
        if any(dist(p, q) < 50 for q in plays):
            here.add("play")
        return here

    # hotspots (park, square, school), two just outside the buurten on De
    # Noordweg, and the rest spread over the streets of each buurt
    kinds = (["park"] * 32 + ["plein"] * 18 + ["school"] * 20 + ["edge"] * 2
             + ["street:BU03039901"] * 22 + ["street:BU03039902"] * 32 + ["street:BU03039904"] * 24)
    assert len(kinds) == N_OBSERVATIONS
    rng.shuffle(kinds)

    raw = []
    for kind in kinds:
        p, code, street, t = sample_point(kind)
        here = places_at(p, code, t)
        while True:
            cat = weighted(rng, CAT_WEIGHTS_HOT.get(kind, CAT_WEIGHTS_DEFAULT))
            catdef = next(c for c in TAXONOMY["categories"] if c["code"] == cat)
            if cat == "idee":
                level = "plus"
            else:
                level = rng.choices(["A+", "A", "B", "C", "D"], weights=[4, 10, 30, 40, 16], k=1)[0]
            band = {"plus": "idea", "B": "mild", "C": "neg", "D": "neg"}.get(level, "pos")
            # only subcategories with a text that fits this place
            options = []
            for sc in catdef["subcategories"]:
                fits = [t for t in TEXTS[sc["code"]][band] if text_fits(t, here)]
                if fits:
                    options.append((sc["code"], fits))
            if options:
                break
        sub, fits = rng.choice(options)
        text = strip_place(rng.choice(fits))
        if "{nr}" in text:
            text = text.replace("{nr}", str(rng.randint(1, 96)))
        group = group_for(p, code)
        raw.append({"p": p, "buurt": code, "group": group, "cat": cat, "sub": sub, "level": level,
                    "text": text, "street": street})

    # Per group: order along a walk (angle around the group's start), then
    # assign times 10:00-12:00, walkers and checkpoints in that order.
    obs = []
    for g in GROUPS:
        items = [r for r in raw if r["group"] == g]
        cx = sum(r["p"][0] for r in items) / len(items)
        cy = sum(r["p"][1] for r in items) / len(items)
        s0 = math.atan2(MEETING_POINT[1] - cy, MEETING_POINT[0] - cx)
        items.sort(key=lambda r: ((math.atan2(r["p"][1] - cy, r["p"][0] - cx) - s0) % (2 * math.pi)))
        n = len(items)
        minutes = sorted(rng.uniform(4, 117) for _ in range(n))
        cp = 1
        for i, (r, m) in enumerate(zip(items, minutes)):
            if i and rng.random() < 0.3:
                cp += 1
            sec = int(m * 60)
            hh, mm, ss = 10 + sec // 3600, (sec % 3600) // 60, sec % 60
            walker = rng.choice(GROUPS[g] + [""])
            checkpoint = cp if rng.random() < 0.7 else None
            if r["cat"] == "idee":
                status = rng.choices(["open", "gemeld", "in_behandeling"], weights=[6, 2, 1])[0]
            else:
                status = rng.choices(["open", "gemeld", "in_behandeling", "afgehandeld"],
                                     weights=[25, 35, 20, 20])[0]
            if r["level"] in ("A+", "A") and r["cat"] != "idee":
                status = "afgehandeld" if rng.random() < 0.5 else "open"
            owner = owner_for(rng, r["cat"], r["sub"], status)
            obs.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "group": g,
                "walker": walker,
                "observed_at": f"2025-09-20T{hh:02d}:{mm:02d}:{ss:02d}+02:00",
                "category": r["cat"],
                "subcategory": r["sub"],
                "level": r["level"],
                "text": r["text"],
                "street": r["street"],
                "checkpoint": checkpoint,
                "status": status,
                "owner": owner,
                "_p": r["p"],
                "_buurt": r["buurt"],
            })
    return obs


def text_fits(text: str, here: set) -> bool:
    if "{nr}" in text and "street" not in here:
        return False
    return not text.startswith("@") or text[1:].split(" ", 1)[0] in here


def strip_place(text: str) -> str:
    return text.split(" ", 1)[1] if text.startswith("@") else text


def owner_for(rng: random.Random, cat: str, sub: str, status: str) -> str:
    if status == "open" and rng.random() < 0.7:
        return ""
    if cat == "idee":
        return rng.choice(["bewoners", "gemeente", "bewoners"])
    if sub == "overlast_jongeren" or (sub == "hardrijden" and rng.random() < 0.7) \
            or (sub == "parkeren" and rng.random() < 0.5):
        return "politie"
    if cat in ("graffiti_vandalisme", "groen", "afval", "sociale_veiligheid") and rng.random() < 0.3:
        return "woningcorporatie"
    if sub in ("hondenpoep", "zwerfvuil", "snoeien") and rng.random() < 0.3:
        return "bewoners"
    return "gemeente"


def write_observations(obs, gj_path: Path, csv_path: Path) -> None:
    lines = []
    for o in obs:
        props = {k: o[k] for k in OBS_FIELDS}
        lon, lat = to_lonlat(*o["_p"])
        lines.append('{"type":"Feature","properties":' + json.dumps(props, ensure_ascii=False)
                     + f',"geometry":{{"type":"Point","coordinates":[{f7(lon)},{f7(lat)}]}}}}')
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    gj_path.write_text(text, encoding="utf-8", newline="\n")

    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    wr.writerow(OBS_FIELDS + ["lon", "lat"])
    for o in obs:
        lon, lat = to_lonlat(*o["_p"])
        row = [o[k] for k in OBS_FIELDS]
        row[OBS_FIELDS.index("checkpoint")] = "" if o["checkpoint"] is None else o["checkpoint"]
        wr.writerow(row + [f7(lon), f7(lat)])
    csv_path.write_text(buf.getvalue(), encoding="utf-8", newline="")


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


def validate(outdir: Path, net: Network) -> dict:
    errors: list[str] = []
    stats: dict = {}

    # --- OSM: re-read the file we wrote
    import xml.etree.ElementTree as ET
    root = ET.parse(outdir / "streets.osm").getroot()
    nodes = {int(n.get("id")): (float(n.get("lon")), float(n.get("lat"))) for n in root.iter("node")}
    ways = []
    for w in root.iter("way"):
        refs = [int(nd.get("ref")) for nd in w.iter("nd")]
        tags = {t.get("k"): t.get("v") for t in w.iter("tag")}
        for r in refs:
            if r not in nodes:
                errors.append(f"way {w.get('id')} references missing node {r}")
        if len(refs) < 2:
            errors.append(f"way {w.get('id')} has fewer than 2 nodes")
        if any(a == b for a, b in zip(refs, refs[1:])):
            errors.append(f"way {w.get('id')} repeats a node consecutively")
        ways.append((int(w.get("id")), refs, tags))
    stats["nodes"] = len(nodes)
    stats["ways"] = len(ways)
    stats["named_ways"] = sum(1 for _, _, t in ways if "name" in t)
    stats["street_names"] = len({t["name"] for _, _, t in ways if "name" in t})

    def xy(r):
        return to_xy(*nodes[r])

    linear = [(wid, refs, t) for wid, refs, t in ways if t.get("area") != "yes"]
    total = sum(dist(xy(a), xy(b)) for _, refs, _ in linear for a, b in zip(refs, refs[1:]))
    stats["length_km"] = total / 1000
    walk = [(wid, refs, t) for wid, refs, t in linear
            if t.get("access") not in ("private", "no") and t.get("foot") != "no"
            and t.get("service") != "parking_aisle"]
    stats["walkable_km"] = sum(dist(xy(a), xy(b)) for _, refs, _ in walk for a, b in zip(refs, refs[1:])) / 1000

    # connectivity (all ways, undirected)
    adj: dict[int, set] = {}
    for _, refs, _ in ways:
        for a, b in zip(refs, refs[1:]):
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
    seen, comps = set(), []
    for start in adj:
        if start in seen:
            continue
        comp, stack = set(), [start]
        while stack:
            n = stack.pop()
            if n in comp:
                continue
            comp.add(n)
            stack.extend(adj[n] - comp)
        seen |= comp
        comps.append(len(comp))
    comps.sort(reverse=True)
    stats["components"] = comps
    if len(comps) != 2:
        errors.append(f"expected 2 components (network + Weidepad), got {comps}")

    # no crossings without a shared node
    segs = []
    for wid, refs, t in ways:
        for a, b in zip(refs, refs[1:]):
            segs.append((wid, a, b))
    for i in range(len(segs)):
        w1, a1, b1 = segs[i]
        for j in range(i + 1, len(segs)):
            w2, a2, b2 = segs[j]
            if len({a1, b1, a2, b2}) < 4:
                continue
            if seg_intersect(xy(a1), xy(b1), xy(a2), xy(b2)):
                errors.append(f"ways {w1} and {w2} cross without a shared node")

    # --- buurten
    bz = json.loads((outdir / "buurten.geojson").read_text(encoding="utf-8"))
    if "crs" in bz:
        errors.append("buurten has a crs member")
    bpolys = []
    area_total = 0.0
    for f in bz["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        xy_polys = []
        for poly in polys:
            rings = []
            for k, ring in enumerate(poly):
                if ring[0] != ring[-1] or len(ring) < 4:
                    errors.append(f"{f['properties']['buurtcode']}: ring not closed")
                rx = [to_xy(*c) for c in ring]
                a = ring_area(rx)
                if k == 0 and a <= 0:
                    errors.append(f"{f['properties']['buurtcode']}: exterior ring not CCW")
                if k > 0 and a >= 0:
                    errors.append(f"{f['properties']['buurtcode']}: hole not CW")
                area_total += a
                rings.append(rx)
            xy_polys.append(rings)
        bpolys.append((f["properties"]["buurtcode"], xy_polys))
    # tiling: every edge is used by exactly one ring in the opposite direction,
    # or it lies on the outer boundary / the pond (used once).
    edges: dict = {}
    for f in bz["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for poly in polys:
            for ring in poly:
                for a, b in zip(ring, ring[1:]):
                    edges[(tuple(a), tuple(b))] = edges.get((tuple(a), tuple(b)), 0) + 1
    for (a, b), n in edges.items():
        if n > 1:
            errors.append(f"edge {a}-{b} used twice in the same direction (overlap)")
    # no vertex lying in the middle of another ring's edge (T-junction = gap risk)
    verts = {v for e in edges for v in e}
    for (a, b) in edges:
        pa, pb = to_xy(*a), to_xy(*b)
        for v in verts:
            if v in (a, b):
                continue
            q, d = closest_on_segment(to_xy(*v), pa, pb)
            if d < 0.01:
                errors.append(f"vertex {v} lies on edge {a}-{b} without being shared")
    stats["buurten_area_ha"] = area_total / 1e4

    # streets inside buurten (nodes), except the far end of De Noordweg
    outside = []
    for wid, refs, t in ways:
        for r in refs:
            if buurt_of(xy(r), bpolys) is None:
                outside.append((wid, t.get("name")))
    out_names = {n for _, n in outside}
    if out_names - {"De Noordweg"}:
        errors.append(f"street nodes outside every buurt: {sorted(outside)}")
    stats["nodes_outside_buurten"] = len(outside)

    # --- taxonomy and observations
    tax = json.loads((outdir / "taxonomy.json").read_text(encoding="utf-8"))
    levels = {l["code"] for l in tax["levels"]["crow"]} | {l["code"] for l in tax["levels"]["simple"]}
    subs = {}
    allsubs = []
    for c in tax["categories"]:
        for s in c["subcategories"]:
            subs[s["code"]] = c["code"]
            allsubs.append(s["code"])
    if len(allsubs) != len(set(allsubs)):
        errors.append("subcategory codes are not unique")
    obs = json.loads((outdir / "observations.geojson").read_text(encoding="utf-8"))
    stats["observations"] = len(obs["features"])
    per_cat: dict = {}
    per_buurt: dict = {}
    per_group: dict = {}
    street_names = {t.get("name") for _, _, t in ways}
    seg_by_name: dict = {}
    for _, refs, t in ways:
        for a, b in zip(refs, refs[1:]):
            seg_by_name.setdefault(t.get("name"), []).append((xy(a), xy(b)))
    allsegs = [s for v in seg_by_name.values() for s in v]
    far_from_street = 0
    ids = set()
    for f in obs["features"]:
        pr = f["properties"]
        if list(pr) != OBS_FIELDS:
            errors.append(f"observation {pr.get('id')} has fields {list(pr)}")
        if subs.get(pr["subcategory"]) != pr["category"]:
            errors.append(f"observation {pr['id']}: {pr['category']}/{pr['subcategory']} not in taxonomy")
        if pr["level"] not in levels:
            errors.append(f"observation {pr['id']}: level {pr['level']}")
        if pr["street"] not in street_names:
            errors.append(f"observation {pr['id']}: unknown street {pr['street']}")
        ids.add(pr["id"])
        p = to_xy(*f["geometry"]["coordinates"])
        dmin = min(closest_on_segment(p, a, b)[1] for a, b in allsegs)
        if dmin > 15.0:
            far_from_street += 1
            errors.append(f"observation {pr['id']} is {dmin:.1f} m from any street")
        code = buurt_of(p, bpolys)
        per_buurt[code] = per_buurt.get(code, 0) + 1
        per_cat[pr["category"]] = per_cat.get(pr["category"], 0) + 1
        per_group[pr["group"]] = per_group.get(pr["group"], 0) + 1
    if len(ids) != len(obs["features"]):
        errors.append("observation ids are not unique")
    if per_buurt.get(None, 0) > 3:
        errors.append(f"{per_buurt[None]} observations outside every buurt")
    stats["per_category"] = dict(sorted(per_cat.items()))
    stats["per_buurt"] = {str(k): v for k, v in sorted(per_buurt.items(), key=lambda kv: str(kv[0]))}
    stats["per_group"] = dict(sorted(per_group.items()))

    # CSV mirrors GeoJSON
    with open(outdir / "observations.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != len(obs["features"]):
        errors.append("CSV and GeoJSON row counts differ")
    for row, f in zip(rows, obs["features"]):
        if row["id"] != f["properties"]["id"] or row["text"] != f["properties"]["text"]:
            errors.append(f"CSV row {row['id']} differs from GeoJSON")
        if [float(row["lon"]), float(row["lat"])] != f["geometry"]["coordinates"]:
            errors.append(f"CSV row {row['id']} coordinates differ")

    stats["errors"] = errors
    return stats


# ---------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "geodata")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    net = build_network()
    write_osm(net, out / "streets.osm")
    write_buurten(out / "buurten.geojson")
    write_taxonomy(out / "taxonomy.json")
    obs = make_observations(net, rng)
    write_observations(obs, out / "observations.geojson", out / "observations.csv")

    stats = validate(out, net)
    errors = stats.pop("errors")
    for k, v in stats.items():
        print(f"{k}: {v}")
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
