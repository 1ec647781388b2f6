#!/usr/bin/env python3
"""Issue 12's "performance to show", measured through the release binary as a user runs it, each against
its reference in the same run:

  (a) `schouw export DB --format geojson` of 100,000 findings against `--format gpkg` on the same database;
      GDAL (`ogrinfo -so`) must read 100,000 features from both.
  (b) a heatmap grid of 1000 × 1000 cells written as GeoJSON (`schouw heatmap`, format grid); GDAL reads
      one feature per non-zero cell (999,901: the corners' outermost cells are out of reach).
  (c) `schouw group` of 1,000,000 GeoJSON points into Lelystad's 141 buurten against geopandas
      `read_file` (both files) + `sjoin` + a count per buurt, on the same files. Both counts are printed:
      Schouw compares in RD New, geopandas here in degrees, so about a hundred points within a metre of
      the outer boundary differ.
  (d) `schouw observe import` of the 100,000-row CSV behind (a) into a new database: peak memory against
      the file's size (the reader hands over one record at a time; what stays is the rows to insert).

Every command runs in its own process; the script prints the median wall-clock and CPU time (user +
system) of several runs, the ratios, and each process's peak memory (maximum resident set size, from
wait4). On a shared machine the CPU times are the steadier figures.

    swift build -c release --product schouw
    python3 scripts/bench_outputs.py [--runs 5] [WORKDIR]

The generated data is kept in WORKDIR (default /tmp/schouw-bench-outputs) and reused. geopandas and pyogrio
are installed as scripts/bench_geopandas.py does (a virtual environment in .build/bench-venv).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_geopandas import ensure_packages  # noqa: E402

GEOPANDAS_GROUP = r"""
import sys, geopandas as gpd
points = gpd.read_file(sys.argv[1])
areas = gpd.read_file(sys.argv[2])[["statcode", "geometry"]]
joined = gpd.sjoin(points, areas, predicate="intersects", how="inner")
# Schouw's rule for a point on a shared boundary: the lowest code wins.
joined = joined.sort_values("statcode").loc[lambda d: ~d.index.duplicated(keep="first")]
print(int(joined.groupby("statcode").size().sum()))
"""


def run(command):
    """Runs a command; returns (wall seconds, CPU seconds (user + system), peak resident set size in MB, stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        # wait4 gives this child's own resource usage, so CPU time and peak memory are the command's alone.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit(f"failed ({code}): {' '.join(map(str, command))}\n{err.read()}")
        return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


class Timing:
    """Medians of several runs of one command."""

    def __init__(self, label, command, runs):
        results = [run(command) for _ in range(runs)]
        self.wall = median([r[0] for r in results])
        self.cpu = median([r[1] for r in results])
        self.peak = max(r[2] for r in results)
        self.output = results[-1][3]
        print(f"  {label}: median {self.wall:.2f} s wall, {self.cpu:.2f} s CPU "
              f"(runs {', '.join(f'{r[0]:.2f}' for r in results)} s), peak {self.peak:.0f} MB")

    def ratio(self, other):
        return f"{self.wall / other.wall:.2f} (CPU time {self.cpu / other.cpu:.2f})"


def ogr_count(path):
    text = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Feature Count: (\d+)", text).group(1))


def make_findings_database(schouw, folder):
    database = folder / "findings.schouw"
    done = folder / "findings.done"
    if done.exists():
        return database
    rng = random.Random(20250920)
    categories = [("afval", "zwerfvuil"), ("groen", "snoeien"), ("bestrating", "losse_tegel"), ("verlichting", "lamp_kapot")]
    levels = ["A+", "A", "B", "C", "D"]
    csv = folder / "findings.csv"
    with csv.open("w", encoding="utf-8") as f:
        f.write("group,walker,observed_at,category,subcategory,level,text,lon,lat\n")
        for i in range(100_000):
            category, sub = categories[i % 4]
            f.write(f"Groep {i % 4 + 1},Loper {i % 17},2017-07-10T19:{i % 60:02d},{category},{sub},{levels[i % 5]},"
                    f"\"Bevinding {i}, zie foto\",{5.70 + 0.03 * rng.random():.7f},{52.50 + 0.02 * rng.random():.7f}\n")
    for suffix in ["", "-wal", "-shm"]:
        Path(str(database) + suffix).unlink(missing_ok=True)
    run([schouw, "init", database, "--name", "Bench", "--date", "2017-07-10"])
    run([schouw, "observe", "import", database, csv])
    done.touch()
    return database


def make_heat_points(folder):
    """30,000 points in RD New over 9.8 km × 9.8 km, plus one every 50 m along its edges, so that with a
    100 m radius and 10 m cells the grid is exactly 1000 × 1000 cells, all but the corners' outermost
    cells within the radius of a point."""
    path = folder / "heat_points_rd_v2.geojson"
    if path.exists():
        return path
    rng = random.Random(7)
    lo, hi = 150_100.0, 159_900.0
    edge = [lo + 50 * k for k in range(int((hi - lo) / 50) + 1)]
    points = [(x, y) for x in edge for y in (lo, hi)] + [(x, y) for y in edge for x in (lo, hi)]
    points += [(rng.uniform(lo, hi), rng.uniform(lo, hi)) for _ in range(30_000)]
    with path.open("w") as f:
        f.write('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},'
                '"features":[\n')
        f.write(",\n".join(f'{{"type":"Feature","properties":{{"id":{i}}},"geometry":{{"type":"Point","coordinates":[{x:.3f},{y + 300_000:.3f}]}}}}'
                           for i, (x, y) in enumerate(points)))
        f.write("\n]}\n")
    return path


def make_group_points(folder, areas):
    """1,000,000 findings as RFC 7946 points over the extent of the buurten, with the properties a schouw
    export has in short: id, category, level."""
    path = folder / "group_points.geojson"
    if path.exists():
        return path
    text = subprocess.run(["ogrinfo", "-so", "-al", str(areas)], capture_output=True, text=True, check=True).stdout
    x0, y0, x1, y1 = map(float, re.search(r"Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)", text).groups())
    rng = random.Random(11)
    categories = ["zwerfvuil", "groen", "bestrating", "verlichting", "graffiti"]
    levels = ["A+", "A", "B", "C", "D"]
    with path.open("w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(1_000_000):
            if i:
                f.write(",\n")
            f.write(f'{{"type":"Feature","properties":{{"id":{i},"category":"{categories[i % 5]}","level":"{levels[i % 5]}"}},'
                    f'"geometry":{{"type":"Point","coordinates":[{rng.uniform(x0, x1):.7f},{rng.uniform(y0, y1):.7f}]}}}}')
        f.write("\n]}\n")
    return path


def main():
    ensure_packages()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workdir", nargs="?", default="/tmp/schouw-bench-outputs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=str(ROOT / ".build" / "release" / "schouw"))
    parser.add_argument("--areas", default=str(ROOT.parent / "shared" / "data" / "lelystad_buurten_2017_wgs84.geojson"))
    args = parser.parse_args()
    schouw = Path(args.bin)
    if not schouw.exists():
        sys.exit(f"{schouw} is missing: run `swift build -c release --product schouw` first")
    areas = Path(args.areas)
    if not areas.exists():
        sys.exit(f"{areas} is missing (the real Lelystad buurten, ../shared/data beside the project)")
    folder = Path(args.workdir)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    runs = args.runs
    import geopandas
    print(f"{os.cpu_count()} cores; {runs} runs each; medians; geopandas {geopandas.__version__}")

    print("making the data (kept for the next run) …")
    database = make_findings_database(schouw, folder)
    heat_points = make_heat_points(folder)
    group_points = make_group_points(folder, areas)

    print("(a) export of 100,000 findings from one database")
    geojson = Timing("geojson", [schouw, "export", database, "--format", "geojson", "--out", out / "f.geojson"], runs)
    gpkg = Timing("gpkg   ", [schouw, "export", database, "--format", "gpkg", "--out", out / "f.gpkg"], runs)
    print(f"  GDAL reads {ogr_count(out / 'f.geojson'):,} features (GeoJSON), {ogr_count(out / 'f.gpkg'):,} (GeoPackage)")
    print(f"  ratio geojson / gpkg: {geojson.ratio(gpkg)} (goal ≤ 1.5; geojson goal < 3 s)")

    print("(b) heatmap grid of 1000 × 1000 cells of 10 m, radius 100 m, as GeoJSON in WGS84")
    heat = out / "heat.geojson"
    Timing("heatmap", [schouw, "heatmap", "--points", heat_points, "--radius-m", "100", "--cell-m", "10", "--out", heat], runs)
    print(f"  GDAL reads {ogr_count(heat):,} features (the non-zero cells), {heat.stat().st_size / 1e6:.0f} MB (goal < 5 s)")

    print(f"(c) group: 1,000,000 GeoJSON points ({group_points.stat().st_size / 1e6:.0f} MB) into {areas.name}")
    # --include-water: geopandas counts the water buurt (BU09959997, the lake) too, so both do the same work.
    ours = Timing("schouw group   ", [schouw, "group", "--areas", areas, "--points", group_points, "--json", "--include-water"], runs)
    inside = sum(area["count"] for area in json.loads(ours.output)["areas"])
    theirs = Timing("geopandas sjoin", [sys.executable, "-c", GEOPANDAS_GROUP, group_points, areas], runs)
    # Schouw compares in RD New; geopandas in degrees: points within about a metre of the outer boundary differ.
    print(f"  inside a buurt: Schouw {inside:,}, geopandas {int(theirs.output):,}")
    print(f"  ratio Schouw / geopandas: time {ours.ratio(theirs)} (goal < 0.5); peak memory {ours.peak / theirs.peak:.2f} "
          f"({ours.peak:.0f} MB vs {theirs.peak:.0f} MB; goal < 1)")

    print("(d) observe import of the 100,000-row CSV into a new database")
    csv = folder / "findings.csv"
    fresh = out / "import.schouw"

    def imported():
        for suffix in ["", "-wal", "-shm"]:
            Path(str(fresh) + suffix).unlink(missing_ok=True)
        run([schouw, "init", fresh, "--name", "Bench", "--date", "2017-07-10"])
        return run([schouw, "observe", "import", fresh, csv])

    results = [imported() for _ in range(runs)]
    peak = max(r[2] for r in results)
    print(f"  median {median([r[0] for r in results]):.2f} s wall; peak {peak:.0f} MB for a "
          f"{csv.stat().st_size / 1e6:.1f} MB file: {peak / (csv.stat().st_size / 1e6):.1f} × the file")


if __name__ == "__main__":
    main()
