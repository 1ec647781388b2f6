#!/usr/bin/env bash
# Installs the system packages Schouw needs, when they are missing. Debian/Ubuntu (apt-get) only.
#   scripts/setup.sh           build dependencies (GEOS, PROJ, SQLite, zlib, pkg-config)
#   scripts/setup.sh --tests   also what the tests use to check outputs (GDAL's ogrinfo, poppler, chromium, osmium) and
#                              the fonts the route sheet CSS names: Liberation Sans (fonts-liberation2, or
#                              fonts-liberation where the 2.x package does not exist) and DejaVu Sans, which
#                              the print test forces to show that a wider font does not add pages
set -euo pipefail

packages=(libgeos-dev libproj-dev proj-data libsqlite3-dev zlib1g-dev pkg-config)
if [[ "${1:-}" == "--tests" ]]; then
    packages+=(gdal-bin poppler-utils chromium chromium-driver python3-pip fonts-dejavu-core fontconfig osmium-tool)
    # Liberation Sans 2.x (metric-compatible with Arial); older releases only have the 1.x package.
    if dpkg-query -W -f='${Status}' fonts-liberation2 2>/dev/null | grep -q "install ok installed" \
        || ! command -v apt-cache >/dev/null 2>&1 || apt-cache show fonts-liberation2 >/dev/null 2>&1; then
        packages+=(fonts-liberation2)
    else
        packages+=(fonts-liberation)
    fi
fi

source "$(dirname "$0")/apt_missing.sh"
if ! command -v apt-get >/dev/null 2>&1 && ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: this system has no apt-get. Install these yourself and run again: ${packages[*]}" >&2
    echo "       (GEOS >= 3.11 with pkg-config name 'geos', PROJ >= 9 with 'proj', SQLite 3)" >&2
    exit 1
fi
install_missing setup "${packages[@]}"
((${#MISSING[@]} > 0)) || echo "setup: all system packages present (${packages[*]})"

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.0 or later) is not on PATH; see https://www.swift.org/install/" >&2
    exit 1
fi
