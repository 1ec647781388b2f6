# Sourced by scripts/setup.sh and scripts/postgres_cluster.sh:
#   install_missing TAG PACKAGE…
# installs the Debian packages among PACKAGE… that are not installed (through sudo when not root), saying so
# prefixed with TAG; exits 1 naming them where there is no apt-get or no way to become root. Sets MISSING to
# the packages that were missing.
install_missing() {
    local tag="$1"
    shift
    MISSING=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || MISSING+=("$p")
    done
    ((${#MISSING[@]} > 0)) || return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$tag: this system has no apt-get. Install these yourself and run again: ${MISSING[*]}" >&2
        exit 1
    fi
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || { echo "$tag: not root and no sudo; install: ${MISSING[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    echo "$tag: installing ${MISSING[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
}
