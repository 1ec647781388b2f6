#!/usr/bin/env bash
# Renders the demo route sheets to PDF and PNG with headless Chromium and checks them:
#   - the PDF has two pages (front and back of one A4 sheet) per group,
#   - pdftotext finds the title, every street of each route and every checkpoint number.
# Usage: scripts/render_sheets.sh [OUT_DIR] [GROUPS]     (default /tmp/schouw-sheets, 3 groups)
# Needs: chromium, poppler-utils (scripts/setup.sh --tests installs both).
# Writes docs/route-sheet.png (first page, 110 dpi) when UPDATE_DOCS=1.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/schouw-sheets}"
groups="${2:-3}"
title="Buurtschouw De Kruidentuin"
pages_per_group=2

for tool in chromium pdfinfo pdftotext pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "render_sheets: $tool is missing; run scripts/setup.sh --tests" >&2; exit 1; }
done

swift build --product schouw >/dev/null
mkdir -p "$out"
.build/debug/schouw plan --streets geodata/streets.osm --area geodata/buurten.geojson --area-code BU03039901 \
    --start Tijmlaan --out "$out" --groups "$groups" --title "$title" --date 2025-09-20 \
    --meeting-point-name "Buurthuis De Kruidentuin, Tijmlaan" --form-url "schouw.example.nl/kruidentuin" --json > "$out/summary.json"

html="$(cd "$out" && pwd)/sheets.html"
pdf="$out/sheets.pdf"
# Chromium wants a writable home for its profile; keep it out of the user's.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$pdf" "file://$html" 2>/dev/null
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
    # Streets: the "Straat" column of this group's markdown route table.
    section = md.split("\n---\n")[index]
    streets = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 7 and cells[1].isdigit():
            streets.add(cells[4].replace("\\", ""))
    for street in sorted(streets):
        if street not in flat:
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
    cp "$out/page-1.png" docs/route-sheet.png
    echo "render_sheets: updated docs/route-sheet.png ($(du -k docs/route-sheet.png | cut -f1) KB)"
fi
if ((failures > 0)); then
    echo "render_sheets: $failures check(s) failed; see $out" >&2
    exit 1
fi
echo "render_sheets: OK $pdf: $pages pages for $groups groups; PNGs $out/page-1.png, $out/page-2.png"
