#!/usr/bin/env bash
# Build the BriefDesk desktop app: a self-contained one-folder bundle (PyInstaller) with Python,
# Qt, fonts, migrations and translations inside, then pack it with its icon, .desktop entry and
# install script as one archive:  dist/BriefDesk-<version>-linux-<arch>.tar.gz
#
# Usage: bash packaging/build_app.sh [PYTHON]
#   PYTHON: an interpreter with BriefDesk's dependencies and PyInstaller installed
#           (pip install -e '.[packaging]'); default: .venv/bin/python, else python3.
# Work files go to build/app/ (removed at the end); the result to dist/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${1:-}"
if [[ -z "$python" ]]; then
    if [[ -x "$root/.venv/bin/python" ]]; then python="$root/.venv/bin/python"; else python=python3; fi
fi
version="$(PYTHONPATH="$root/src" "$python" -c 'import briefdesk; print(briefdesk.__version__)')"
arch="$(uname -m)"
work="$root/build/app"
rm -rf "$work" "$root/dist/BriefDesk"
mkdir -p "$work" "$root/dist"

# the icon PNGs are made from the SVG (checked in too, so a checkout without Qt still has them)
QT_QPA_PLATFORM=offscreen "$python" "$root/packaging/make_icons.py" "$root/resources/icons" >/dev/null

BRIEFDESK_ROOT="$root" "$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$work/dist" --workpath "$work/build" "$root/packaging/briefdesk.spec"

# the archive: BriefDesk-<version>/ holding the bundle, the desktop entry, icons and install.sh
name="BriefDesk-$version"
stage="$work/stage/$name"
mkdir -p "$stage"
mv "$work/dist/BriefDesk" "$stage/BriefDesk"
cp "$root/packaging/linux/briefdesk.desktop" "$root/packaging/linux/install.sh" "$stage/"
chmod +x "$stage/install.sh"
mkdir -p "$stage/icons"
cp "$root/resources/icons/"*.png "$root/resources/icons/briefdesk.svg" "$stage/icons/"
cp "$root/packaging/linux/README.txt" "$stage/README.txt"
archive="$root/dist/$name-linux-$arch.tar.gz"
tar -C "$work/stage" -czf "$archive" "$name"
rm -rf "$root/dist/$name"
mv "$stage" "$root/dist/$name"
rm -rf "$work"
echo "bundle:  $root/dist/$name/BriefDesk ($(du -sm "$root/dist/$name/BriefDesk" | cut -f1) MB unpacked)"
echo "archive: $archive ($(du -m "$archive" | cut -f1) MB)"
