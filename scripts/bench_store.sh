#!/usr/bin/env bash
# Store benchmark, SQLite and PostgreSQL + PostGIS in the same run (release build, a throw-away server):
#   scripts/bench_store.sh [ROWS]     (default 100,000 findings; the Lelystad buurten of ../shared/data)
#   SCRATCH_PATH=.build-release scripts/bench_store.sh   (a build folder of its own)
set -euo pipefail
cd "$(dirname "$0")/.."
buurten="${SCHOUW_SHARED_DATA:-../shared/data}/lelystad_buurten_2017_wgs84.geojson"
[[ -f "$buurten" ]] || buurten="/work/shared/data/lelystad_buurten_2017_wgs84.geojson"
configuration="${BENCH_CONFIGURATION:-release}"
# SCRATCH_PATH=.build-release keeps the release build apart from the debug one (both can then build at once).
scratch=()
[[ -n "${SCRATCH_PATH:-}" ]] && scratch=(--scratch-path "$SCRATCH_PATH")
swift build -c "$configuration" "${scratch[@]}" --product bench-store
swift build -c "$configuration" "${scratch[@]}" --product schouw-stress
bin="$(swift build -c "$configuration" "${scratch[@]}" --show-bin-path)"
scripts/postgres_cluster.sh "$bin/bench-store" "$buurten" "${1:-100000}"
