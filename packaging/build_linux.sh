#!/usr/bin/env bash
# Build the Linux bundle (PyInstaller one-folder), the .tar.gz and the .deb.
# Usage: packaging/build_linux.sh [--no-deb]      Output: dist/mentordesk/, dist/*.tar.gz, dist/*.deb
# Needs: python3 (3.10+) with venv, dpkg-deb (Debian/Astra: package dpkg; RED OS/ALT: build the .tar.gz only).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
VENV=${BUILD_VENV:-build/venv}
VERSION=$("$PY" -c 'import re,pathlib;print(re.search(r"__version__ = \"([^\"]+)\"",pathlib.Path("app/__init__.py").read_text()).group(1))')
ARCH=$(uname -m)

if [ ! -x "$VENV/bin/pyinstaller" ]; then
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q "pyinstaller>=6.10"
fi
"$VENV/bin/python" -m pip install -q --upgrade --force-reinstall --no-deps .   # the code being built
"$VENV/bin/python" -m pip install -q .                                           # and its dependencies

rm -rf build/pyinstaller dist/mentordesk
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/mentordesk.spec

# Desktop integration files inside the bundle (used by the .tar.gz's install script and the .deb).
install -m 644 packaging/linux/mentordesk.desktop dist/mentordesk/mentordesk.desktop
install -m 644 resources/icons/mentordesk-256.png dist/mentordesk/mentordesk.png
install -m 755 packaging/linux/install-desktop-entry.sh dist/mentordesk/install-desktop-entry.sh

TARBALL="dist/mentordesk-$VERSION-linux-$ARCH.tar.gz"
tar -C dist -czf "$TARBALL" mentordesk
echo "built $TARBALL ($(du -sh dist/mentordesk | cut -f1) unpacked)"

if [ "${1:-}" != "--no-deb" ]; then
  packaging/linux/build_deb.sh "$VERSION"
fi
