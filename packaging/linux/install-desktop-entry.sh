#!/bin/sh
# Add MentorDesk (unpacked from the .tar.gz) to the current user's application menu. No root needed.
# Run from the unpacked folder: ./install-desktop-entry.sh        Undo: ./install-desktop-entry.sh --remove
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
APPS=${XDG_DATA_HOME:-$HOME/.local/share}/applications
ICONS=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/mentordesk.desktop" "$ICONS/mentordesk.png"
  echo "Пункт меню MentorDesk удалён (данные программы не тронуты)."
  exit 0
fi
mkdir -p "$APPS" "$ICONS"
cp "$HERE/mentordesk.png" "$ICONS/mentordesk.png"
sed "s|^Exec=.*|Exec=\"$HERE/mentordesk\" %f|; s|^Icon=.*|Icon=$ICONS/mentordesk.png|" \
  "$HERE/mentordesk.desktop" > "$APPS/mentordesk.desktop"
chmod 644 "$APPS/mentordesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" >/dev/null 2>&1 || true
echo "MentorDesk добавлен в меню приложений ($APPS/mentordesk.desktop)."
