#!/usr/bin/env bash
# P4: 4,500-start Chinchilla grid fit on 240 points, ScaleLab (Java, parallel L-BFGS) vs scipy L-BFGS-B.
# Builds only the scaling module (not the engine), compiles the bench class against it, runs both on the same CSV.
# Usage: benchmarks/p4.sh [JAVA_RUNS=5] [SCIPY_RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_RUNS=${1:-5}
SCIPY_RUNS=${2:-3}
OUT=benchmarks/target/p4
mkdir -p "$OUT/classes"
# one reactor run: compile scaling (and core), write scaling's classpath last (nothing is installed into ~/.m2)
mvn -q -B -o -pl modules/scaling -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="modules/scaling/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" benchmarks/src/main/java/dev/scalelab/bench/P4ChinchillaFit.java
python3 -c "import scipy, numpy" 2>/dev/null || { echo "need python3-scipy python3-numpy (apt-get install -y python3-scipy python3-numpy)"; exit 1; }
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
java -cp "$OUT/classes:$CP" dev.scalelab.bench.P4ChinchillaFit --csv "$OUT/points.csv" --runs "$JAVA_RUNS" | tee "$OUT/java.json"
python3 benchmarks/p4_scipy.py "$OUT/points.csv" --runs "$SCIPY_RUNS" | tee "$OUT/scipy.json"
python3 - "$OUT/java.json" "$OUT/scipy.json" <<'PY'
import json, sys
j, s = (json.loads(open(p).read()) for p in sys.argv[1:3])
print(f"java median {j['median_s']:.3f} s, scipy median {s['median_s']:.3f} s, ratio {s['median_s'] / j['median_s']:.1f}x")
for k in ("objective", "A", "B", "E", "alpha", "beta"):
    rel = abs(j[k] - s[k]) / abs(s[k])
    print(f"  {k:9s} java {j[k]:.10g}  scipy {s[k]:.10g}  rel.diff {rel:.2e}")
PY
