#!/usr/bin/env bash
# The main job on the embedded demo data: set up, build, and run Schouw on geodata/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product schouw
bin="$(swift build -c release --show-bin-path)/schouw"
out="${OUT:-out/demo}"
mkdir -p "$out"
echo "== schouw info geodata/streets.osm"
"$bin" info geodata/streets.osm
echo "== schouw plan: the demo walk for three groups from Buurthuis De Kruidentuin → $out/plan"
"$bin" plan --streets geodata/streets.osm --start 5.7219607,52.5194066 --groups 3 \
    --title "Buurtschouw De Kruidentuin" --out "$out/plan"
echo "== schouw group: findings per buurt → $out"
"$bin" group --areas geodata/buurten.geojson --points geodata/observations.geojson --taxonomy geodata/taxonomy.json --out "$out"
echo "== schouw heatmap → $out/heatmap.geojson (bands) and $out/heatmap_cells.gpkg (grid, RD New)"
"$bin" heatmap --points geodata/observations.geojson --weight level --format bands --out "$out/heatmap.geojson"
"$bin" heatmap --points geodata/observations.geojson --weight level --radius-m 80 --cell-m 10 --crs EPSG:28992 --out "$out/heatmap_cells.gpkg"
