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
db="$out/kruidentuin.schouw"
rm -rf "$db" "$db-wal" "$db-shm" "$out/photos"
echo "== schouw init: a schouw database → $db"
"$bin" init "$db" --name "Buurtschouw De Kruidentuin" --date 2025-09-20
echo "== schouw plan: the demo walk for three groups from Buurthuis De Kruidentuin → $out/plan"
"$bin" plan --streets geodata/streets.osm --start 5.7219607,52.5194066 --groups 3 \
    --title "Buurtschouw De Kruidentuin" --meeting-point-name "Buurthuis De Kruidentuin" --date 2025-09-20 \
    --out "$out/plan" --db "$db"
echo "== schouw observe import: the past walk's observations"
"$bin" observe import "$db" geodata/observations.csv
echo "== schouw export → $out/observations.geojson, .gpkg, .csv"
"$bin" export "$db" --format geojson --out "$out/observations.geojson"
"$bin" export "$db" --format gpkg --out "$out/observations.gpkg"
"$bin" export "$db" --format csv --excel --out "$out/observations.csv"
echo "== schouw group: findings per buurt → $out"
"$bin" group --areas geodata/buurten.geojson --db "$db" --taxonomy geodata/taxonomy.json --out "$out"
echo "== schouw heatmap → $out/heatmap.geojson (bands) and $out/heatmap_cells.gpkg (grid, RD New)"
"$bin" heatmap --db "$db" --weight level --format bands --out "$out/heatmap.geojson"
"$bin" heatmap --db "$db" --weight level --radius-m 80 --cell-m 10 --crs EPSG:28992 --out "$out/heatmap_cells.gpkg"
