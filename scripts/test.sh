#!/usr/bin/env bash
# Sets up what is missing, builds everything and runs all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
swift build --build-tests
# The store suites run against SQLite and against a real PostgreSQL + PostGIS: a throw-away cluster on a Unix
# socket in a temporary folder, stopped when the tests end (SCHOUW_TEST_POSTGRES_URL).
scripts/postgres_cluster.sh swift test --skip-build

# Browser test of `schouw serve`: headless Chromium clicks the route map and saves a finding.
if ! python3 -c "import selenium" 2>/dev/null; then
    python3 -m pip install --quiet selenium 2>/dev/null || python3 -m pip install --quiet --break-system-packages selenium
fi
python3 scripts/browser_test.py

# The QGIS styles in headless QGIS, when QGIS is installed (about 310 MB, so setup.sh leaves it out).
if QT_QPA_PLATFORM=offscreen /usr/bin/python3 -c "import qgis.core" 2>/dev/null; then
    scripts/render_styles.sh
else
    echo "test.sh: QGIS not installed; skipping scripts/render_styles.sh (apt-get install --no-install-recommends qgis python3-qgis)"
fi
