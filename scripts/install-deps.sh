#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for this project, only when missing.
# OpenCvSharp's official linux-x64 runtime links GTK 3 (libgtk-3.so.0); the image has GTK 2 only.
# Extra Debian packages may be named as arguments (CI adds ffmpeg, so the H.264 tests run instead of being skipped).
set -euo pipefail
missing=()
for pkg in libgtk-3-0 "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing ${missing[*]} (libgtk-3-0: needed by OpenCvSharp's native runtime)..."
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
