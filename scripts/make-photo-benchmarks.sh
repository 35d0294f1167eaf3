#!/usr/bin/env bash
# Makes the two real-texture benchmarks of docs/photo-benchmarks.md from photographs that Debian packages ship:
#   camera/  classes only time tells apart (pan_left/right/up/down, zoom_in/out, roll_cw/ccw) over 13 photographs;
#   scene/   <kind>_<motion> classes (flower, greenery, other x pan_left, pan_right, zoom_in, zoom_out) over 12 of them.
# Whole photographs are held out for the test split; files are H.264 .mp4 (160x120, 16 frames, 25 fps).
# Installs, only when missing (apt-get, root or sudo): mate-backgrounds (12 nature photographs),
# lomiri-wallpapers-20.04 (one photograph: Kleiber_by_Lukas_Baubkus.jpg), ffmpeg, and OpenCvSharp's GTK 3.
# Usage: scripts/make-photo-benchmarks.sh [OUT_DIR (default runs/photo-benchmarks)] [other synth-photos options, e.g. --force]
# Environment: CLIPS_PER_CLASS (default 48), SEED (default 1), TIMESFORMER (path of timesformer.dll; default: the Release build, built when missing), BACKGROUNDS (where the
# packages put their images; default /usr/share/backgrounds).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/runs/photo-benchmarks}
[ $# -gt 0 ] && shift
backgrounds=${BACKGROUNDS:-/usr/share/backgrounds}
nature=$backgrounds/mate/nature

bash "$repo/scripts/install-deps.sh"
missing=()
[ -f "$nature/Aqua.jpg" ] || missing+=(mate-backgrounds)
[ -f "$backgrounds/Kleiber_by_Lukas_Baubkus.jpg" ] || missing+=(lomiri-wallpapers-20.04)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing ${missing[*]}..."
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tsf=${TIMESFORMER:-$repo/tools/TimeSformer.Cli/bin/Release/net10.0/timesformer.dll}
if [ ! -f "$tsf" ]; then
  echo "Building the timesformer command..."
  dotnet build "$repo/tools/TimeSformer.Cli" -c Release -v q -nologo >/dev/null
fi

# The photographs, by kind (only real photographs; the packages' abstract and illustrated wallpapers are left out).
# Dune is in the camera set only: grass on a dune by the sea is both greenery and landscape.
declare -A kinds=(
  [flower]="FreshFlower Garden TwoWings YellowFlower"
  [greenery]="Blinds GreenMeadow LadyBird RainDrops"
  [other]="Aqua Storm Wood Kleiber"
)
photo() { if [ "$1" = Kleiber ]; then echo "$backgrounds/Kleiber_by_Lukas_Baubkus.jpg"; else echo "$nature/$1.jpg"; fi; }

mkdir -p "$out"
photos=$out/photos
rm -rf "$photos"
mkdir -p "$photos/all"
for kind in "${!kinds[@]}"; do
  mkdir -p "$photos/kinds/$kind"
  for name in ${kinds[$kind]}; do
    ln -s "$(photo "$name")" "$photos/kinds/$kind/$name.jpg"
    ln -s "$(photo "$name")" "$photos/all/$name.jpg"
  done
done
ln -s "$(photo Dune)" "$photos/all/Dune.jpg"

common=(--width 160 --height 120 --min-frames 16 --max-frames 16 --fps 25 --container Mp4H264 --clips-per-class "${CLIPS_PER_CLASS:-48}" --seed "${SEED:-1}")
start=$(date +%s)
dotnet "$tsf" synth-photos --images "$photos/all" --set camera --output "$out/camera" "${common[@]}" "$@"
dotnet "$tsf" synth-photos --images "$photos/kinds" --set scene-motion --output "$out/scene" "${common[@]}" "$@"
echo "Made $out/camera and $out/scene in $(( $(date +%s) - start )) s."
