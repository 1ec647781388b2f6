#!/usr/bin/env bash
# The main job on the embedded demo data: set up, build, and run Schouw on geodata/.
#   scripts/demo.sh                         the schouw in a SQLite file, out/demo/kruidentuin.schouw
#   scripts/demo.sh postgresql://USER@/DB?host=/run/postgresql
#                                           the same schouw in a PostgreSQL + PostGIS database (a new schouw
#                                           named with the time, so the demo can run again); same exports
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product schouw
bin="$(swift build -c release --show-bin-path)/schouw"
out="${OUT:-out/demo}"
mkdir -p "$out"
echo "== schouw info geodata/streets.osm"
"$bin" info geodata/streets.osm
name="Buurtschouw De Kruidentuin"
pick=()
if [[ "${1:-}" == postgres://* || "${1:-}" == postgresql://* ]]; then
    db="$1"
    name="$name $(date +%Y-%m-%dT%H:%M:%S)"
    pick=(--schouw "$name")
else
    db="$out/kruidentuin.schouw"
    rm -rf "$db" "$db-wal" "$db-shm" "$out/photos"
fi
echo "== schouw init: a schouw database → $db"
"$bin" init "$db" --name "$name" --date 2025-09-20
echo "== schouw plan: the demo walk for three groups from Buurthuis De Kruidentuin → $out/plan"
"$bin" plan --streets geodata/streets.osm --start 5.7219607,52.5194066 --groups 3 \
    --title "Buurtschouw De Kruidentuin" --meeting-point-name "Buurthuis De Kruidentuin" --date 2025-09-20 \
    --out "$out/plan" --db "$db" "${pick[@]}"
echo "== schouw observe import: the past walk's observations"
"$bin" observe import "$db" "${pick[@]}" geodata/observations.csv
echo "== schouw export → $out/observations.geojson, .gpkg, .csv"
"$bin" export "$db" "${pick[@]}" --format geojson --out "$out/observations.geojson"
"$bin" export "$db" "${pick[@]}" --format gpkg --out "$out/observations.gpkg"
"$bin" export "$db" "${pick[@]}" --format csv --excel --out "$out/observations.csv"
echo "== schouw group: findings per buurt → $out"
"$bin" group --areas geodata/buurten.geojson --db "$db" "${pick[@]}" --taxonomy geodata/taxonomy.json --out "$out"
echo "== schouw heatmap → $out/heatmap.geojson (bands) and $out/heatmap_cells.gpkg (grid, RD New)"
"$bin" heatmap --db "$db" "${pick[@]}" --weight level --format bands --out "$out/heatmap.geojson"
"$bin" heatmap --db "$db" "${pick[@]}" --weight level --radius-m 80 --cell-m 10 --crs EPSG:28992 --out "$out/heatmap_cells.gpkg"
