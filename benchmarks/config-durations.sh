#!/usr/bin/env bash
# CPU time (user + sys) and wall time of the shipped sweep configs, the reduced theory configs and `memorize`,
# for one or more builds side by side: each config runs once per build, builds alternating, so that both see the
# same load. A build is a checkout whose CLI was packaged (`mvn -DskipTests -pl modules/cli -am package`).
# Usage: benchmarks/config-durations.sh NAME=CHECKOUT [NAME=CHECKOUT ...] > durations.tsv
# Prints one TSV line per (config, build): config, build, cpu_s, wall_s, load average at the start.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "${OPENBLAS_CORETYPE:-}" ]] && grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SKYLAKEX; fi
configs=(memorization teacher-student-width-depth compute-grid theory-compositional-tree theory-compositional-dense
         theory-compositional-shallow theory-deep-sawtooth theory-shallow-floor theory-ntk-width theory-supnorm)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo -e "config\tbuild\tcpu_s\twall_s\tload"
run() { # name checkout args...
  local name="$1" dir="$2"; shift 2
  local jar; jar="$(ls "$dir"/modules/cli/target/scalelab-cli-*.jar | head -n1)"
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/time -f "%U %S %e" -o "$tmp/time" java -XX:MaxRAMPercentage=70 --add-modules jdk.incubator.vector \
    -cp "$jar:$dir/modules/cli/target/lib/*" dev.scalelab.cli.Main "$@" >/dev/null 2>"$tmp/err" \
    || { echo "failed: $name $*: $(tail -2 "$tmp/err")" >&2; return 0; }
  read -r user sys wall < "$tmp/time"
  echo -e "${label}\t${name}\t$(echo "$user + $sys" | bc)\t${wall}\t${load}"
}
for c in "${configs[@]}" memorize; do
  for build in "$@"; do
    name="${build%%=*}"; dir="${build#*=}"; out="$tmp/$name-$c"; label="$c"
    if [[ "$c" == memorize ]]; then
      run "$name" "$dir" memorize --plot "$out"
    else
      run "$name" "$dir" sweep run "$root/configs/$c.yaml" --out "$out"
    fi
    rm -rf "$out"
  done
done
