#!/usr/bin/env bash
# Renders every overlay with kustomize (kubectl's) and checks what the cluster would be given,
# offline: kubectl's own validation needs an API server. Run by .ci/run when kubectl is there.
#   deploy/kubernetes/validate.sh            # every overlay under overlays/
#   deploy/kubernetes/validate.sh production # one
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python=/usr/bin/python3
"$python" -c 'import yaml' 2>/dev/null || { echo "validate.sh needs PyYAML (apt-get install python3-yaml)" >&2; exit 1; }

overlays=("$@")
[ ${#overlays[@]} -gt 0 ] || overlays=($(ls "$here/overlays"))
status=0
for overlay in "${overlays[@]}"; do
  rendered=$(mktemp)
  kubectl kustomize "$here/overlays/$overlay" > "$rendered"
  "$python" "$here/check.py" "$overlay" "$rendered" || status=1
  rm -f "$rendered"
done
exit $status
