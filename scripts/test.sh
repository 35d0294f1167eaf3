#!/usr/bin/env bash
# Runs every test project. Installs missing system packages first (see install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
dotnet test TimeSformer.MLNet.sln -c Release "$@"
