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
