#!/usr/bin/env bash
# Routing benchmark: Schouw (release) against networkx's exact matching on the same real OSM graph.
#   scripts/bench_routing.sh [OSM FILE]   (default ../shared/data/karhula.osm)
set -euo pipefail
cd "$(dirname "$0")/.."
osm="${1:-../shared/data/karhula.osm}"
[[ -f "$osm" ]] || { echo "bench_routing: $osm not found; give an OSM file" >&2; exit 1; }
python3 -c "import networkx" 2>/dev/null || pip install --quiet networkx
swift build -c release --product bench-routing
graph="$(mktemp -d)/graph.tsv"
"$(swift build -c release --show-bin-path)/bench-routing" "$osm" "$graph"
python3 scripts/bench_routing.py "$graph"
