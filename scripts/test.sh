#!/usr/bin/env bash
# Run the whole test suite (GUI tests offscreen). Corpus tests use ../shared/corpus when present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
cd "$root"
export QT_QPA_PLATFORM=offscreen
exec "$root/.venv/bin/python" -m pytest "$@"
