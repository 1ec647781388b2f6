#!/usr/bin/env python3
"""Issue 11's OSM PBF benchmark: how fast `schouw` reads the PBF and the XML form of the same data, against
`osmium cat` (Debian osmium-tool, the reference reader) in the same run, and each process's peak memory.

The data is a generated town: a 300 × 300 grid of streets with 50 m blocks (90,000 nodes; every block side
its own way with a name and a surface tag: 179,400 ways), written as OSM XML and converted to PBF by
osmium. Measured, each in its own process, medians of several runs:
  - `osmium cat FILE.osm.pbf -f opl -o /dev/null` (reads and decodes every element; the reference);
  - `schouw info FILE.osm.pbf` and `schouw info FILE.osm` (one streaming pass over every element);
  - `schouw plan --streets FILE --area SQUARE`: one buurt of 500 m × 500 m planned from the whole town, so
    the region filter (only the ways that reach the buurt's box plus 1 km) is in the figure.

    swift build -c release --product schouw
    python3 scripts/bench_pbf.py [--runs 5] [WORKDIR]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 300
STEP = 0.00045  # degrees of latitude: 50 m
LON_STEP = 0.00075  # degrees of longitude at 52.5°: about 50 m


def run(command):
    """(wall seconds, peak resident set size in MB) of one command in its own process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"failed: {' '.join(map(str, command))}\n{err.read().decode()}")
        return seconds, usage.ru_maxrss / 1024


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def make_town(folder):
    xml = folder / "town.osm"
    pbf = folder / "town.osm.pbf"
    if pbf.exists():
        return xml, pbf
    with xml.open("w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="bench_pbf.py">\n')
        for r in range(N):
            for c in range(N):
                f.write(f' <node id="{r * N + c + 1}" lat="{52.4 + r * STEP:.7f}" lon="{5.6 + c * LON_STEP:.7f}"/>\n')
        way = 1
        for r in range(N):
            for c in range(N):
                here = r * N + c + 1
                for there, name in ((here + 1, f"Oost-Westlaan {r}") if c + 1 < N else (None, None),
                                    (here + N, f"Noord-Zuidstraat {c}") if r + 1 < N else (None, None)):
                    if there is None:
                        continue
                    f.write(f' <way id="{way}"><nd ref="{here}"/><nd ref="{there}"/>'
                            f'<tag k="highway" v="residential"/><tag k="name" v="{name}"/><tag k="surface" v="paving_stones"/></way>\n')
                    way += 1
        f.write("</osm>\n")
    subprocess.run(["osmium", "cat", str(xml), "-o", str(pbf), "--overwrite"], check=True)
    return xml, pbf


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workdir", nargs="?", default="/tmp/schouw-bench-pbf")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release" / "schouw"))
    args = parser.parse_args()
    schouw = Path(args.bin)
    if not schouw.exists():
        sys.exit(f"{schouw} is missing: run `swift build -c release --product schouw` first")
    if shutil.which("osmium") is None:
        sys.exit("osmium is missing: run scripts/setup.sh --tests (Debian osmium-tool)")
    folder = Path(args.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    xml, pbf = make_town(folder)
    ways = 2 * N * (N - 1)
    # A 500 m square in the middle of the town.
    lat0, lon0 = 52.4 + N / 2 * STEP, 5.6 + N / 2 * LON_STEP
    square = folder / "buurt.geojson"
    square.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"BU00000001",'
                      '"buurtnaam":"Midden"},"geometry":{"type":"Polygon","coordinates":[[' + ",".join(
                          f"[{lon0 + dx * 10 * LON_STEP:.7f},{lat0 + dy * 10 * STEP:.7f}]"
                          for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0))) + "]]}}]}")
    start = f"{lon0 + 5 * LON_STEP:.7f},{lat0 + 5 * STEP:.7f}"
    print(f"{os.cpu_count()} cores; {args.runs} runs each; medians; {ways:,} ways, {N * N:,} nodes; "
          f"XML {xml.stat().st_size / 1e6:.1f} MB, PBF {pbf.stat().st_size / 1e6:.1f} MB")

    def measure(label, command, size):
        results = [run(command) for _ in range(args.runs)]
        wall = median([r[0] for r in results])
        peak = max(r[1] for r in results)
        print(f"  {label}: {wall:.2f} s, {size / 1e6 / wall:.1f} MB/s, {ways / wall / 1e3:.0f} k ways/s, peak {peak:.0f} MB")
        return wall

    reference = measure("osmium cat PBF (reference)", ["osmium", "cat", str(pbf), "-f", "opl", "-o", "/dev/null", "--overwrite"],
                        pbf.stat().st_size)
    ours = measure("schouw info PBF           ", [schouw, "info", pbf], pbf.stat().st_size)
    xml_time = measure("schouw info XML           ", [schouw, "info", xml], xml.stat().st_size)
    print(f"  ratio schouw PBF / osmium: {ours / reference:.2f}; schouw XML / schouw PBF: {xml_time / ours:.2f}")
    out = folder / "plan"
    for label, streets in (("PBF", pbf), ("XML", xml)):
        measure(f"plan one 500 m buurt from the {label}", [schouw, "plan", "--streets", streets, "--area", square,
                "--area-code", "BU00000001", "--start", start, "--groups", "1", "--out", out], streets.stat().st_size)


if __name__ == "__main__":
    main()
