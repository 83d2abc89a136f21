#!/usr/bin/env bash
# Start BriefDesk on the default local library (or pass CLI arguments, e.g. `import PATH`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/bootstrap.sh"
exec "$root/.venv/bin/briefdesk" "$@"
