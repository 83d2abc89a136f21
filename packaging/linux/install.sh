#!/usr/bin/env bash
# Install BriefDesk for the current user (no root needed):
#   the app to ~/.local/opt/BriefDesk, a `briefdesk` command to ~/.local/bin,
#   the menu entry to ~/.local/share/applications and the icon to ~/.local/share/icons.
# Run it from the unpacked archive:  ./install.sh        Remove again:  ./install.sh --uninstall
# The library itself (~/.local/share/BriefDesk) is never touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="${PREFIX:-$HOME/.local}"
app="$prefix/opt/BriefDesk"
bin="$prefix/bin"
apps="${XDG_DATA_HOME:-$prefix/share}/applications"
icons="${XDG_DATA_HOME:-$prefix/share}/icons/hicolor"

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -rf "$app" "$bin/briefdesk" "$apps/briefdesk.desktop"
    rm -f "$icons"/*/apps/briefdesk.png "$icons/scalable/apps/briefdesk.svg"
    echo "BriefDesk removed (your library was kept)."
    exit 0
fi

rm -rf "$app"
mkdir -p "$app" "$bin" "$apps"
cp -a "$here/BriefDesk/." "$app/"
ln -sf "$app/BriefDesk" "$bin/briefdesk"
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$icons/${size}x${size}/apps"
    cp "$here/icons/briefdesk-$size.png" "$icons/${size}x${size}/apps/briefdesk.png"
done
mkdir -p "$icons/scalable/apps"
cp "$here/icons/briefdesk.svg" "$icons/scalable/apps/briefdesk.svg"
sed "s|@BINDIR@|$app|g" "$here/briefdesk.desktop" > "$apps/briefdesk.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
echo "BriefDesk installed in $app"
echo "Start it from your applications menu, or run: briefdesk"
case ":$PATH:" in *":$bin:"*) ;; *) echo "(add $bin to your PATH to use the briefdesk command)";; esac
