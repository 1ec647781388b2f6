#!/usr/bin/env python3
"""Runs geopandas/shapely and numpy/scipy on the data that bench-analysis wrote, and prints Schouw's
times as a ratio of theirs (below 1 means Schouw is faster).

    swift run -c release bench-analysis /tmp/schouw-bench
    python3 scripts/bench_geopandas.py /tmp/schouw-bench

When geopandas, shapely, pyproj, numpy or scipy are missing, the script makes a virtual environment in
.build/bench-venv, installs them there from PyPI with pip, and runs itself again inside it.
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

PACKAGES = ["geopandas", "shapely", "pyproj", "pyogrio", "numpy", "scipy", "pandas"]


def ensure_packages():
    try:
        import geopandas, shapely, scipy, numpy  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("SCHOUW_BENCH_VENV"):
        sys.exit("bench_geopandas: packages still missing inside the venv; see pip's output above")
    venv = Path(__file__).resolve().parent.parent / ".build" / "bench-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *PACKAGES], check=True)
    os.environ["SCHOUW_BENCH_VENV"] = "1"
    os.execv(str(python), [str(python), *sys.argv])


def median_time(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2], result


def main():
    ensure_packages()
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely
    from scipy.spatial import cKDTree

    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/schouw-bench")
    ours = json.loads((folder / "timings.json").read_text())
    print(f"geopandas {gpd.__version__}, shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), numpy {np.__version__}")

    polygons = gpd.read_file(folder / "polygons_rd.geojson")
    polygons = polygons.set_crs(28992, allow_override=True)
    xy = pd.read_csv(folder / "group_points.csv")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy.x, xy.y), crs=28992)

    def group():
        # Closed polygons ("intersects"), then the lowest code wins on shared boundaries: Schouw's rule.
        joined = gpd.sjoin(points, polygons[["code", "geometry"]], predicate="intersects", how="inner")
        joined = joined.sort_values("code").loc[lambda d: ~d.index.duplicated(keep="first")]
        return len(joined)

    group_time, assigned = median_time(group, 3)
    our_group = ours["group_lookup_s"] + ours["group_build_s"]
    print(f"grouping {len(points)} points into {len(polygons)} polygons:")
    print(f"  geopandas sjoin {group_time:.3f} s ({len(points) / group_time / 1e6:.2f} M points/s), {assigned} inside "
          f"(Schouw: {ours['group_assigned']})")
    print(f"  Schouw build + lookup {our_group:.3f} s → ratio {our_group / group_time:.3f} "
          f"(lookup alone {ours['group_lookup_s'] / group_time:.3f})")

    heat = pd.read_csv(folder / "heat_points.csv").to_numpy()
    ox, oy = ours["heat_origin"]
    cell, radius = ours["heat_cell_m"], ours["heat_radius_m"]
    columns, rows = ours["heat_columns"], ours["heat_rows"]
    cx = ox + (np.arange(columns) + 0.5) * cell
    cy = oy + (np.arange(rows) + 0.5) * cell
    gx, gy = np.meshgrid(cx, cy)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    centre_tree = cKDTree(centres)

    def kde():
        # The same quartic raw sum: Σ (1 − d²/r²)² over cell centres with d ≤ r.
        total = np.zeros(len(centres))
        for start in range(0, len(heat), 10_000):
            chunk = cKDTree(heat[start:start + 10_000])
            pairs = chunk.sparse_distance_matrix(centre_tree, radius, output_type="ndarray")
            u2 = (pairs["v"] / radius) ** 2
            total += np.bincount(pairs["j"], weights=(1 - u2) ** 2, minlength=len(centres))
        return total

    heat_time, density = median_time(kde, 3)
    print(f"heatmap of {len(heat)} points, {columns} × {rows} cells of {cell} m, radius {radius} m (quartic raw):")
    print(f"  numpy/scipy {heat_time:.3f} s; sum of cells {density.sum():.1f} (Schouw: {ours['heat_sum']:.1f})")
    print(f"  Schouw {ours['heat_s']:.3f} s → ratio {ours['heat_s'] / heat_time:.3f}")


if __name__ == "__main__":
    main()
