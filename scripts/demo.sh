#!/usr/bin/env bash
# The main job on the embedded demo data: set up, build, and run Schouw on geodata/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product schouw
bin="$(swift build -c release --show-bin-path)/schouw"
out="${OUT:-out/demo}"
mkdir -p "$out"
for f in geodata/streets.osm geodata/buurten.geojson geodata/observations.geojson; do
    echo "== schouw info $f"
    "$bin" info "$f"
done
echo "== schouw group: findings per buurt → $out"
"$bin" group --areas geodata/buurten.geojson --points geodata/observations.geojson --taxonomy geodata/taxonomy.json --out "$out"
echo "== schouw heatmap → $out/heatmap.geojson (bands) and $out/heatmap_cells.gpkg (grid, RD New)"
"$bin" heatmap --points geodata/observations.geojson --weight level --format bands --out "$out/heatmap.geojson"
"$bin" heatmap --points geodata/observations.geojson --weight level --radius-m 80 --cell-m 10 --crs EPSG:28992 --out "$out/heatmap_cells.gpkg"
