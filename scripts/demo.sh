#!/usr/bin/env bash
# The main job on the embedded demo data: set up, build, and run Schouw on geodata/.
#   scripts/demo.sh                         the schouw in a SQLite file, out/demo/kruidentuin.schouw
#   scripts/demo.sh postgresql://USER@/DB?host=/run/postgresql
#                                           the same schouw in a PostgreSQL + PostGIS database (a new schouw
#                                           named with the time, so the demo can run again); same exports
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# SCRATCH_PATH=.build-release keeps this release build apart from a debug one (both can build at once).
scratch=()
[[ -n "${SCRATCH_PATH:-}" ]] && scratch=(--scratch-path "$SCRATCH_PATH")
swift build -c release "${scratch[@]}" --product schouw
bin="$(swift build -c release "${scratch[@]}" --show-bin-path)/schouw"
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
echo "== two findings with photos"
python3 scripts/demo_photos.py "$out/fotos"
"$bin" observe add "$db" "${pick[@]}" --group "Groep A" --street Lavendelpad --category bestrating --subcategory losse_tegel --level D \
    --text "Losse tegels voor de bank aan het Lavendelpad" --time 2025-09-20T10:40 --photo "$out/fotos/voor-tegels.png"
"$bin" observe add "$db" "${pick[@]}" --group "Groep C" --street Tijmlaan --category afval --subcategory bijplaatsing --level D \
    --text "Afval naast de container bij het speelveld" --time 2025-09-20T11:05 --photo "$out/fotos/voor-afval.png"
echo "== the actions agreed with the partners"
"$bin" action add "$db" "${pick[@]}" --what "Tegels voor de bank opnieuw leggen" --partner gemeente --department Wijkbeheer \
    --due 2025-10-15 --finding A-2 --finding A-54
"$bin" action done "$db" "${pick[@]}" 1 --date 2025-10-09 --photo "$out/fotos/na-tegels.png" --note "Tegels vastgelegd en het zand aangevuld"
"$bin" action add "$db" "${pick[@]}" --what "Opruimactie rond de containers" --partner bewoners --due 2025-10-25 --finding C-2 --finding C-47
"$bin" action done "$db" "${pick[@]}" 2 --date 2025-10-25 --photo "$out/fotos/na-afval.png" --note "Twaalf vrijwilligers, zes zakken afval"
"$bin" action add "$db" "${pick[@]}" --what "Kapotte lantaarnpalen vervangen" --partner gemeente --department "Openbare verlichting" \
    --due 2025-10-31 --finding C-3 --finding A-7
"$bin" action add "$db" "${pick[@]}" --what "Struiken langs de Selderijweg snoeien" --partner woningcorporatie \
    --partner-name "Woonstichting Kruidenhof" --due 2025-11-30 --finding B-1
"$bin" action edit "$db" "${pick[@]}" 4 --status in_behandeling --date 2025-10-20 --note "Ingepland voor week 47"
"$bin" action add "$db" "${pick[@]}" --what "Extra ronde van de wijkagent bij het speelveld 's avonds" --partner politie --due 2025-12-31
"$bin" action add "$db" "${pick[@]}" --what "Voetbaldoeltje terugplaatsen" --partner "Speeltuinvereniging De Kruidentuin" --due 2025-11-01 \
    --finding C-21 --finding A-24
"$bin" action list "$db" "${pick[@]}" --today 2025-11-15
if [ ${#pick[@]} -eq 0 ]; then
    old="$out/vorig-jaar.schouw"
    rm -f "$old" "$old-wal" "$old-shm"
    oldname="Buurtschouw De Kruidentuin"
    oldpick=()
    previous=(--previous "$old")
else
    # Last year's walk as another schouw in the same database.
    old="$db"
    oldname="Buurtschouw De Kruidentuin 2024 $(date +%Y-%m-%dT%H:%M:%S)"
    oldpick=(--schouw "$oldname")
    previous=(--previous "$db" --previous-schouw "$oldname")
fi
echo "== last year's walk (geodata/observations-2024.csv, made by scripts/make_last_year.py) → $old ${oldpick[*]}"
"$bin" init "$old" --name "$oldname" --date 2024-09-21
"$bin" observe import "$old" "${oldpick[@]}" geodata/observations-2024.csv
echo "== schouw export → $out/observations.geojson, .gpkg, .csv"
"$bin" export "$db" "${pick[@]}" --format geojson --out "$out/observations.geojson"
"$bin" export "$db" "${pick[@]}" --format gpkg --out "$out/observations.gpkg"
"$bin" export "$db" "${pick[@]}" --format csv --excel --out "$out/observations.csv"
echo "== schouw group: findings per buurt → $out"
"$bin" group --areas geodata/buurten.geojson --db "$db" "${pick[@]}" --taxonomy geodata/taxonomy.json --out "$out"
echo "== schouw heatmap → $out/heatmap.geojson (bands) and $out/heatmap_cells.gpkg (grid, RD New)"
"$bin" heatmap --db "$db" "${pick[@]}" --weight level --format bands --out "$out/heatmap.geojson"
"$bin" heatmap --db "$db" "${pick[@]}" --weight level --radius-m 80 --cell-m 10 --crs EPSG:28992 --out "$out/heatmap_cells.gpkg"
echo "== schouw report: the report with the comparison with last year → $out/rapport"
"$bin" report "$db" "${pick[@]}" --out "$out/rapport" "${previous[@]}" --areas geodata/buurten.geojson --date 2025-11-15
if [ -f "$out/rapport/rapport.pdf" ] && command -v pdftoppm >/dev/null; then
    pdftoppm -r 110 -png -f 1 -l 2 "$out/rapport/rapport.pdf" "$out/rapport/rapport"
    echo "the first two pages: $out/rapport/rapport-1.png, $out/rapport/rapport-2.png"
fi
