#!/usr/bin/env bash
# A stand-in for `gh pr create`: records its arguments (one per line, NUL-free) next to itself and
# prints a pull-request URL as the real CLI does on its last line.
log="$(dirname "$0")/gh-calls.log"
{ printf '%s\n' "---"; for a in "$@"; do printf '%s\n' "$a"; done; } >> "$log"
head=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--head" ]; then head="$2"; fi
  shift
done
echo "Creating pull request for $head into main"
echo "https://github.example/acme/app/pull/${head##*-}"
