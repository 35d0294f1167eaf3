#!/usr/bin/env bash
# The main job on its embedded default: synthesise the motion set, train a small TimeSformer, export it to ONNX,
# evaluate it through the ML.NET pipeline and print where the report is. Extra arguments go to `timesformer demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet run --project tools/TimeSformer.Cli -c Release -- demo "$@"
