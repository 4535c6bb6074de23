#!/usr/bin/env bash
# Builds bundle/: a self-contained ScaleLab for GPU machines without Java or network.
#
#   bundle/runtime/   jlink'ed JDK 17 runtime (only the modules ScaleLab uses)
#   bundle/lib/       ScaleLab jars and their dependencies WITHOUT ND4J: no CPU native libraries
#                     (nd4j-native / openblas / javacpp *-linux-x86_64.jar, ~110 MB) and, since nothing else
#                     uses them, none of ND4J's Java jars and their own dependencies either (~25 MB), nor
#                     XChart's PDF writer (pdfbox; ScaleLab writes PNG and SVG). On a GPU node use
#                     --backend cuda, which needs only JNA and the host's CUDA libraries; --backend cpu
#                     then fails with one line saying the ND4J natives are not installed.
#   bundle/bin/scalelab  the launcher
#
# Usage: docker/build-bundle.sh [--with-cpu] [--lib DIR] [--out DIR]
#   --with-cpu  ship ND4J with its CPU natives for linux-x86_64 (for docker/Dockerfile.cpu; ~+140 MB)
#   --lib DIR   take the jars from DIR instead of building (what `mvn -Pdist package` does)
#   --out DIR   where to write the bundle (default: bundle/ in the repository; git-ignored)
# Extra Maven flags (e.g. -o for offline) come from $MVN_ARGS. Needs JDK 17 (jlink) and Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bundle"
lib_dir=""
with_cpu=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --with-cpu) with_cpu=1; shift ;;
    --lib) lib_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build-bundle.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# JavaCPP platform classifiers of native jars; the bundle keeps only the Java parts of ND4J.
native_classifiers="linux-x86_64,linux-x86_64-avx2,linux-x86_64-avx512,linux-arm64,linux-armhf,linux-ppc64le,macosx-x86_64,macosx-arm64,windows-x86_64,windows-x86,android-arm,android-arm64,android-x86,android-x86_64,ios-arm64,ios-x86_64"

if [[ -z "$lib_dir" ]]; then
  lib_dir="$root/target/bundle-lib"
  rm -rf "$lib_dir"
  echo "build-bundle: mvn package (cli and its modules) ..." >&2
  (cd "$root" && mvn -B -q ${MVN_ARGS:-} -DskipTests -pl modules/cli -am install)
  excludes="$native_classifiers"
  [[ $with_cpu == 1 ]] && excludes="${native_classifiers#linux-x86_64,}"
  (cd "$root" && mvn -B -q ${MVN_ARGS:-} -pl modules/cli dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeClassifiers="$excludes" -DoutputDirectory="$lib_dir")
  cp "$root"/modules/cli/target/scalelab-cli-*.jar "$lib_dir/"
fi

rm -rf "$out"
mkdir -p "$out/lib" "$out/bin"
cp "$lib_dir"/*.jar "$out/lib/"
if [[ $with_cpu == 0 ]]; then
  # No native ND4J/JavaCPP/OpenBLAS jar, whatever the source folder held ...
  for c in ${native_classifiers//,/ }; do rm -f "$out"/lib/*-"$c".jar; done
  # ... and none of what only ND4J (nd4j-native's dependency tree) or XChart's PDF export use: ScaleLab's own
  # code imports none of these (checked with grep over modules/*/src/main); ND4J classes are loaded only by
  # --backend cpu and sweep provenance.
  for prefix in nd4j- javacpp- openblas- protobuf-1.0.0-M2.1 jackson-1.0.0-M2.1 guava-1.0.0-M2.1 byteunits- \
      commons-math3- commons-lang3- commons-collections4- flatbuffers-java- oshi-core- jna-platform- threetenbp- \
      commons-net- neoitertools- commons-io- commons-compress- commons-codec- \
      graphics2d- pdfbox- fontbox- commons-logging-; do
    rm -f "$out"/lib/"$prefix"*.jar
  done
fi

# Modules: java.desktop for XChart plots (java.awt, ImageIO; pulls in java.xml), java.logging (JNA, Guava,
# SnakeYAML), java.management (ND4J, run provenance), jdk.unsupported (JavaCPP, Guava), java.naming and
# java.sql (optional parts of Logback and Jackson). Checked with jdeps --print-module-deps.
modules="java.base,java.logging,java.management,jdk.unsupported,java.desktop,java.naming,java.sql"
[[ $with_cpu == 1 ]] && modules="$modules,jdk.management"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/runtime"
# Debian's libjvm.so keeps its symbol table (24 MB -> 20 MB without it); strip when binutils are there.
if command -v strip >/dev/null; then
  find "$out/runtime" -name '*.so' -exec strip --strip-unneeded {} \;
fi

cat > "$out/bin/scalelab" <<'LAUNCHER'
#!/usr/bin/env bash
# ScaleLab bundle launcher: the jlink runtime and jars next to this script; no Java or Maven needed.
set -euo pipefail
home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ -n "${OPENBLAS_CORETYPE:-}" ]]; then
  export SCALELAB_OPENBLAS_CORETYPE_SOURCE=user
elif grep -qw avx512f /proc/cpuinfo 2>/dev/null && [[ "${SCALELAB_OPENBLAS_CORETYPE:-}" != none ]]; then
  # ND4J's OpenBLAS mis-detects AVX-512 cores (only matters in a --with-cpu bundle); see the main launcher.
  export OPENBLAS_CORETYPE="${SCALELAB_OPENBLAS_CORETYPE:-SKYLAKEX}" SCALELAB_OPENBLAS_CORETYPE_SOURCE=auto
else
  export SCALELAB_OPENBLAS_CORETYPE_SOURCE=unset
fi
exec "$home/runtime/bin/java" ${SCALELAB_JAVA_OPTS:--XX:MaxRAMPercentage=70} \
  -Dorg.bytedeco.javacpp.cachedir="${SCALELAB_CACHE:-$HOME/.cache/scalelab}/javacpp" \
  -cp "$home/lib/*" dev.scalelab.cli.Main "$@"
LAUNCHER
chmod +x "$out/bin/scalelab"

echo "bundle: $out ($(du -sh "$out" | cut -f1); runtime $(du -sh "$out/runtime" | cut -f1), lib $(du -sh "$out/lib" | cut -f1), $(ls "$out/lib" | wc -l) jars)"
