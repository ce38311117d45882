#!/bin/sh
# Optional: put Actor Trainer in the desktop's application menu, for this user only (run it once from the
# unpacked folder; running it again after moving the folder updates the entry). Writes only to ~/.local/share.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/actor-trainer.png" "$icons/actor-trainer.png"
sed -e "s|^Exec=.*|Exec=\"$here/actor-trainer\"|" -e "s|^Icon=.*|Icon=$here/actor-trainer.png|" \
    "$here/actor-trainer.desktop" > "$apps/actor-trainer.desktop"
echo "Actor Trainer is now in the application menu ($apps/actor-trainer.desktop)."
