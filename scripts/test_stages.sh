#!/bin/sh
# make test: every stage runs, whatever the one before it found; each says its result and time;
# the run fails at the end if any stage failed. Usage: test_stages.sh "NAME=make-target" ...
failed=0
summary=""
for stage in "$@"; do
  name=${stage%%=*}
  target=${stage#*=}
  start=$(date +%s)
  echo "== $name (make $target)"
  if ${MAKE:-make} --no-print-directory "$target"; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
  took=$(( $(date +%s) - start ))
  line=$(printf '%-8s %-7s %4d s' "$name" "$result" "$took")
  echo "== $line"
  summary="$summary
  $line"
done
echo "== make test, stage by stage:$summary"
echo "stages: $(( $# - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
