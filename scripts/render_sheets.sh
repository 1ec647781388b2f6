#!/usr/bin/env bash
# Renders route sheets to PDF and PNG with headless Chromium and checks them:
#   - the PDF has two pages (front and back of one A4 sheet) per group, each group's front on an odd page,
#   - pdftotext finds the title, every street of each route and every checkpoint number.
# Usage: scripts/render_sheets.sh [OUT_DIR] [GROUPS]     (default /tmp/schouw-sheets, 3 groups)
#   DATA=karhula   plan about 1 km² of ../shared/data/karhula.osm (a real town) with the default grouping
#                  (the fewest groups that fit two hours) instead of the demo
#   FONTS=dejavu   print with only DejaVu Sans (a fontconfig file of its own), a wider font than the CSS asks for
# Needs: chromium, poppler-utils (scripts/setup.sh --tests installs both).
# Writes docs/route-sheet.png (demo) or docs/route-sheet-karhula.png (first page, 110 dpi) when UPDATE_DOCS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/schouw-sheets}"
groups="${2:-3}"
pages_per_group=2

for tool in chromium pdfinfo pdftotext pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "render_sheets: $tool is missing; run scripts/setup.sh --tests" >&2; exit 1; }
done

swift build --product schouw >/dev/null
mkdir -p "$out"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
if [[ "${DATA:-demo}" == "karhula" ]]; then
    shared="${SCHOUW_SHARED_DATA:-../shared/data}"
    [[ -f "$shared/karhula.osm" ]] || { echo "render_sheets: $shared/karhula.osm is missing (the shared real data)" >&2; exit 1; }
    title="Buurtschouw Karhula"
    # The square 26.941–26.959 E, 60.5255–60.5345 N: about 1 km² of the town's centre.
    cat > "$scratch/karhula-centre.geojson" <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"buurtcode":"KARHULA01","buurtnaam":"Karhula keskusta"},"geometry":{"type":"Polygon","coordinates":[[[26.941,60.5255],[26.959,60.5255],[26.959,60.5345],[26.941,60.5345],[26.941,60.5255]]]}}]}
JSON
    .build/debug/schouw plan --streets "$shared/karhula.osm" --area "$scratch/karhula-centre.geojson" --area-code KARHULA01 \
        --start Jaanankatu --out "$out" --title "$title" --date 2025-09-20 --meeting-point-name "Kirjasto, Jaanankatu" \
        --form-url "schouw.example.nl/karhula" --json > "$out/summary.json"
    png_name=route-sheet-karhula.png
else
    title="Buurtschouw De Kruidentuin"
    .build/debug/schouw plan --streets geodata/streets.osm --area geodata/buurten.geojson --area-code BU03039901 \
        --start Tijmlaan --out "$out" --groups "$groups" --title "$title" --date 2025-09-20 \
        --meeting-point-name "Buurthuis De Kruidentuin, Tijmlaan" --form-url "schouw.example.nl/kruidentuin" --json > "$out/summary.json"
    png_name=route-sheet.png
fi
groups=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["groups"]))' "$out/summary.json")

html="$(cd "$out" && pwd)/sheets.html"
pdf="$out/sheets.pdf"
if [[ "${FONTS:-installed}" == "dejavu" ]]; then
    dejavu="$(fc-match -f '%{file}' 'DejaVu Sans')"
    mkdir -p "$scratch/fonts"
    for f in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf; do
        [[ -f "$(dirname "$dejavu")/$f" ]] && ln -s "$(dirname "$dejavu")/$f" "$scratch/fonts/$f"
    done
    printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
        "$scratch/fonts" "$scratch/cache" > "$scratch/fonts.conf"
    export FONTCONFIG_FILE="$scratch/fonts.conf"
fi
# Chromium wants a writable home for its profile; keep it out of the user's.
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$scratch/profile" --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$html" 2>/dev/null
unset FONTCONFIG_FILE
echo "render_sheets: fonts in the PDF: $(pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 {sub(/^[A-Z]+\+/, "", $1); print $1}' | sort -u | tr '\n' ' ')"
pdftoppm -png -r 110 "$pdf" "$out/page"

pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
expected=$((groups * pages_per_group))
failures=0
if [[ "$pages" != "$expected" ]]; then
    echo "render_sheets: FAIL $pages pages, expected $expected ($pages_per_group per group)" >&2
    failures=$((failures + 1))
fi

text="$out/sheets.txt"
pdftotext -layout "$pdf" "$text"
grep -qF "$title" "$text" || { echo "render_sheets: FAIL title \"$title\" not in the PDF" >&2; failures=$((failures + 1)); }

# Every street of every route and every checkpoint number, per group, from the checkpoints GeoJSON and the markdown.
python3 - "$out" "$text" "$pages_per_group" <<'PY' || failures=$((failures + 1))
import json, re, subprocess, sys
out, text_path, per_group = sys.argv[1], sys.argv[2], int(sys.argv[3])
pdf = out + "/sheets.pdf"
summary = json.load(open(out + "/summary.json"))
checkpoints = json.load(open(out + "/checkpoints.geojson"))
md = open(out + "/sheets.md", encoding="utf-8").read()
problems = []
for index, group in enumerate(summary["groups"]):
    first = index * per_group + 1
    page_text = subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(first + per_group - 1), pdf, "-"],
                               capture_output=True, text=True, check=True).stdout
    flat = " ".join(page_text.split())
    if group["name"] not in flat:
        problems.append(f"group name {group['name']} not on its pages")
    front = subprocess.run(["pdftotext", "-f", str(first), "-l", str(first), pdf, "-"], capture_output=True, text=True, check=True).stdout
    if group["name"] not in front or "Vertrek over" not in front:
        problems.append(f"{group['name']}: its front is not page {first}")
    if "Terug bij het startpunt" not in flat or "Na afloop invoeren" not in flat:
        problems.append(f"{group['name']}: the end of its route or its checklist is cut off")
    # Streets: the "Straat" column of this group's markdown route table.
    section = md.split("\n---\n")[index]
    streets = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 7 and cells[1].isdigit():
            streets.add(cells[4].replace("\\", ""))
    # Without -layout too: a street name wrapped in its cell is split between lines of the layout.
    raw = " ".join(subprocess.run(["pdftotext", "-f", str(first), "-l", str(first + per_group - 1), pdf, "-"],
                                  capture_output=True, text=True, check=True).stdout.split())
    for street in sorted(streets):
        if street not in flat and street not in raw:
            problems.append(f"{group['name']}: street {street!r} not in the PDF")
    numbers = [f["properties"]["number"] for f in checkpoints["features"]
               if f["properties"].get("kind") == "checkpoint" and f["properties"]["group_number"] == group["group"]]
    for n in numbers:
        if not re.search(rf"(?<!\d){int(n)}(?!\d)", page_text):
            problems.append(f"{group['name']}: checkpoint {int(n)} not in the PDF")
    print(f"render_sheets: {group['name']}: {len(streets)} streets, {len(numbers)} checkpoints found")
for p in problems:
    print("render_sheets: FAIL " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

if [[ "${UPDATE_DOCS:-0}" == "1" ]]; then
    mkdir -p docs
    first_png="$(ls "$out"/page-*1.png | head -1)"
    cp "$first_png" "docs/$png_name"
    echo "render_sheets: updated docs/$png_name ($(du -k "docs/$png_name" | cut -f1) KB)"
fi
if ((failures > 0)); then
    echo "render_sheets: $failures check(s) failed; see $out" >&2
    exit 1
fi
echo "render_sheets: OK $pdf: $pages pages for $groups groups; PNGs $out/page-*.png"
