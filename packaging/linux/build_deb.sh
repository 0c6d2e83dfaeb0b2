#!/usr/bin/env bash
# Wrap dist/mentordesk/ into a .deb installing under /opt/mentordesk, with a menu entry and /usr/bin/mentordesk.
# Usage: packaging/linux/build_deb.sh VERSION      (called by packaging/build_linux.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$1
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
STAGE=build/deb/mentordesk_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
         "$STAGE/usr/share/icons/hicolor/256x256/apps" "$STAGE/usr/share/icons/hicolor/48x48/apps" \
         "$STAGE/usr/share/doc/mentordesk"
cp -a dist/mentordesk "$STAGE/opt/mentordesk"
rm -f "$STAGE/opt/mentordesk/install-desktop-entry.sh"   # the .deb installs its own menu entry
ln -s /opt/mentordesk/mentordesk "$STAGE/usr/bin/mentordesk"
install -m 644 packaging/linux/mentordesk.desktop "$STAGE/usr/share/applications/mentordesk.desktop"
install -m 644 resources/icons/mentordesk-256.png "$STAGE/usr/share/icons/hicolor/256x256/apps/mentordesk.png"
install -m 644 resources/icons/mentordesk-48.png "$STAGE/usr/share/icons/hicolor/48x48/apps/mentordesk.png"
cat > "$STAGE/usr/share/doc/mentordesk/copyright" <<TXT
MentorDesk — АРМ куратора наставничества.
Licences of the bundled components: /opt/mentordesk/_internal/licenses/ (Qt for Python: LGPL-3.0;
Liberation fonts: SIL OFL 1.1; the others as listed in components.json there).
TXT
SIZE=$(du -sk "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<TXT
Package: mentordesk
Version: $VERSION
Section: education
Priority: optional
Architecture: $ARCH
Maintainer: MentorDesk team <mentordesk@localhost>
Installed-Size: $SIZE
Depends: libc6, libfontconfig1, libfreetype6, libgl1, libegl1, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-xinerama0, libxcb-randr0, libxcb-render-util0, libxcb-image0
Recommends: libwayland-client0, libwayland-cursor0
Description: АРМ куратора наставничества (MentorDesk)
 Offline desktop application for the school mentoring programme: mentee and
 mentor bases, pairs and orders, meetings, surveys, roadmap, quarterly
 monitoring package; municipality mode consolidates the schools' packages.
TXT
cat > "$STAGE/DEBIAN/postinst" <<'TXT'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
exit 0
TXT
cp "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
dpkg-deb --root-owner-group -Zxz -z3 --build "$STAGE" "dist/mentordesk_${VERSION}_${ARCH}.deb" >/dev/null
echo "built dist/mentordesk_${VERSION}_${ARCH}.deb"
