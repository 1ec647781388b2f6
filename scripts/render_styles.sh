#!/usr/bin/env bash
# Loads every styled layer Schouw writes in headless QGIS and renders them, as a GIS colleague would open
# them: the buurt choropleth (buurten.geojson + buurten.qml, and the GeoPackage buurten.gpkg with the same
# style), the heat bands and the heat grid (GeoJSON and GeoPackage, each with its .qml).
# For every layer it checks that QGIS reads it as a valid vector layer, that the style loads without an
# error message, that the renderer is graduated with the classes and labels of the .qml, and that every
# feature falls in a class; then it renders the demo to a PNG with a legend.
# Usage: scripts/render_styles.sh [OUT_DIR]       (default /tmp/schouw-styles)
# Needs: qgis and python3-qgis (Debian/Ubuntu: apt-get install --no-install-recommends qgis python3-qgis).
# Writes docs/qgis-styles.png when UPDATE_DOCS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/schouw-styles}"

# python3-qgis belongs to the system Python (a pyenv or venv python3 first on PATH cannot import it).
python=""
for candidate in /usr/bin/python3 python3; do
    if QT_QPA_PLATFORM=offscreen "$candidate" -c "import qgis.core" 2>/dev/null; then python="$candidate"; break; fi
done
[[ -n "$python" ]] || {
    echo "render_styles: python3-qgis is missing; apt-get install --no-install-recommends qgis python3-qgis" >&2
    exit 1
}

swift build --product schouw >/dev/null
schouw=.build/debug/schouw
mkdir -p "$out"
$schouw group --areas geodata/buurten.geojson --points geodata/observations.geojson --out "$out" >/dev/null 2>&1
mkdir -p "$out/gpkg"
$schouw group --areas geodata/buurten.geojson --points geodata/observations.geojson --out "$out/gpkg" --gpkg >/dev/null 2>&1
$schouw heatmap --points geodata/observations.geojson --format bands --out "$out/heat_bands.geojson" >/dev/null 2>&1
$schouw heatmap --points geodata/observations.geojson --format bands --output-value scaled --weight level \
    --out "$out/heat_bands_scaled.gpkg" >/dev/null 2>&1
$schouw heatmap --points geodata/observations.geojson --format grid --out "$out/heat_grid.gpkg" >/dev/null 2>&1
$schouw plan --streets geodata/streets.osm --area geodata/buurten.geojson --area-code BU03039901 --start Tijmlaan \
    --groups 2 --out "$out/plan" >/dev/null 2>&1

png="$out/qgis-styles.png"
QT_QPA_PLATFORM=offscreen "$python" scripts/render_styles.py "$out" "$png"
if [[ "${UPDATE_DOCS:-0}" == "1" ]]; then
    cp "$png" docs/qgis-styles.png
    echo "render_styles: docs/qgis-styles.png updated"
fi
