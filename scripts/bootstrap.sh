#!/usr/bin/env bash
# Create .venv beside the project (once) and install BriefDesk into it with what the tests need.
# Used by scripts/run.sh and scripts/test.sh; safe to run again (it only installs what changed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"

# Qt needs a few system libraries even offscreen; install them where we can (Debian, as root).
if command -v ldconfig >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for lib in libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0 \
             libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3; do
    ldconfig -p | grep -q "${lib%%:*}" || missing+=("${lib##*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null
  fi
fi

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
# The versions the tests pass with are pinned in constraints.txt (refresh: scripts/lock.sh);
# pyproject.toml keeps ranges for people who install the package on its own.
stamp="$venv/.briefdesk-installed"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ] || [ "$root/constraints.txt" -nt "$stamp" ]; then
  "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$venv/bin/python" -m pip install -q -c "$root/constraints.txt" -e "$root[test]"
  touch "$stamp"
fi
