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
# a copy, where an overlay without its (git-ignored) secrets.env or scrape.env gets the example's
# placeholders
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/base" "$here/overlays" "$work/"
for example in "$work"/overlays/*/*.env.example; do
  [ -f "${example%.example}" ] || cp "$example" "${example%.example}"
done
status=0
for overlay in "${overlays[@]}"; do
  kubectl kustomize "$work/overlays/$overlay" > "$work/$overlay.yaml"
  "$python" "$here/check.py" "$overlay" "$work/$overlay.yaml" || status=1
done
exit $status
