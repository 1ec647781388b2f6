#!/usr/bin/env bash
# Store benchmark, SQLite and PostgreSQL + PostGIS in the same run (release build, a throw-away server):
#   scripts/bench_store.sh [ROWS]     (default 100,000 findings; the Lelystad buurten of ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
buurten="${SCHOUW_SHARED_DATA:-../shared/data}/lelystad_buurten_2017_wgs84.geojson"
[[ -f "$buurten" ]] || buurten="/work/shared/data/lelystad_buurten_2017_wgs84.geojson"
configuration="${BENCH_CONFIGURATION:-release}"
swift build -c "$configuration" --product bench-store
swift build -c "$configuration" --product schouw-stress
bin="$(swift build -c "$configuration" --show-bin-path)"
scripts/postgres_cluster.sh "$bin/bench-store" "$buurten" "${1:-100000}"
