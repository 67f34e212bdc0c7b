# Sourced by scripts/demo and scripts/test: make .venv with Python >= 3.11 and install the
# project with the extra named by $EXTRA (demo: docs; tests: dev).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "lms-export-blueprint needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
# Reinstall only when the package metadata changed.
stamp=".venv/.installed-$EXTRA-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$EXTRA]"
    rm -f .venv/.installed-"$EXTRA"-* && touch "$stamp"
fi
