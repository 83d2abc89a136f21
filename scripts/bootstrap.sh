#!/usr/bin/env bash
# Create .venv beside the project (once) and install BriefDesk into it with what the tests need.
# Used by scripts/run.sh and scripts/test.sh; safe to run again (it only installs what changed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
python="${PYTHON:-python3}"

# Qt needs a few system libraries even offscreen, and its X11 (xcb) platform plugin a few more
# to open a window on a desktop (since Qt 6.5, libxcb-cursor0 among them); install them where we
# can (Debian, as root).
if command -v ldconfig >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for lib in libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0 \
             libfontconfig.so.1:libfontconfig1 libdbus-1.so.3:libdbus-1-3 \
             libxcb-cursor.so.0:libxcb-cursor0 libxkbcommon-x11.so.0:libxkbcommon-x11-0 \
             libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 \
             libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 \
             libxcb-shape.so.0:libxcb-shape0 libxcb-xkb.so.1:libxcb-xkb1; do
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
