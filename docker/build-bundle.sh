#!/usr/bin/env bash
# Builds bundle/: a self-contained ScaleLab for GPU machines without Java or network.
#
#   bundle/runtime/   jlink'ed JDK 17 runtime (only the modules ScaleLab uses), with every native library it needs
#                     beyond glibc, libstdc++, libgcc_s and zlib (the font stack: freetype, harfbuzz and theirs)
#                     and a font, so that plots draw on a bare GPU node
#   bundle/lib/       ScaleLab jars and their dependencies WITHOUT ND4J: no CPU native libraries
#                     (nd4j-native / openblas / javacpp *-linux-x86_64.jar, ~110 MB) and, since nothing else
#                     uses them, none of ND4J's Java jars and their own dependencies either (~25 MB), nor
#                     XChart's PDF writer (pdfbox; ScaleLab writes PNG and SVG). On a GPU node use
#                     --backend cuda, which needs only JNA and the host's CUDA libraries; --backend cpu
#                     then fails with one line saying the ND4J natives are not installed.
#   bundle/bin/scalelab  the launcher
#
# Usage: docker/build-bundle.sh [--with-cpu] [--fast] [--lib DIR] [--out DIR]
#   --with-cpu  ship ND4J with its CPU natives for linux-x86_64 (for docker/Dockerfile.cpu; ~+140 MB)
#   --fast      jlink without compression, no stripping (the same files, larger; what BundleTest builds)
#   --lib DIR   take the jars from DIR instead of building (what `mvn -Pdist package` does)
#   --out DIR   where to write the bundle (default: bundle/ in the repository; git-ignored)
# Extra Maven flags (e.g. -o for offline) come from $MVN_ARGS. Needs JDK 17 (jlink), Maven, binutils (readelf)
# and fonts-dejavu-core.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bundle"
lib_dir=""
with_cpu=0
fast=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --with-cpu) with_cpu=1; shift ;;
    --fast) fast=1; shift ;;
    --lib) lib_dir="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 0 ;;
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
# Jars ScaleLab's GPU bundle leaves out: ND4J/JavaCPP/OpenBLAS natives (any platform classifier) and what only
# ND4J (nd4j-native's dependency tree) or XChart's PDF export use. ScaleLab's own code imports none of these
# (checked with grep over modules/*/src/main); ND4J classes are loaded only by --backend cpu and sweep provenance.
left_out="nd4j- javacpp- openblas- protobuf-1.0.0-M2.1 jackson-1.0.0-M2.1 guava-1.0.0-M2.1 byteunits- \
    commons-math3- commons-lang3- commons-collections4- flatbuffers-java- oshi-core- jna-platform- threetenbp- \
    commons-net- neoitertools- commons-io- commons-compress- commons-codec- \
    graphics2d- pdfbox- fontbox- commons-logging-"
kept() {  # kept JAR_NAME: whether the jar goes into this bundle
  local name="$1" c prefix
  for c in ${native_classifiers//,/ }; do
    [[ $with_cpu == 1 && $c == linux-x86_64 ]] && continue
    [[ $name == *-"$c".jar ]] && return 1
  done
  [[ $with_cpu == 1 ]] && return 0
  for prefix in $left_out; do
    [[ $name == "$prefix"* ]] && return 1
  done
  return 0
}
for jar in "$lib_dir"/*.jar; do
  if kept "$(basename "$jar")"; then cp "$jar" "$out/lib/"; fi
done

# Modules: java.desktop for XChart plots (java.awt, ImageIO; pulls in java.xml), java.logging (JNA, Guava,
# SnakeYAML), java.management (ND4J, run provenance), jdk.unsupported (JavaCPP, Guava), java.naming and
# java.sql (optional parts of Logback and Jackson), jdk.incubator.vector (the fused CPU kernels; without it they
# run scalar). Checked with jdeps --print-module-deps.
modules="java.base,java.logging,java.management,jdk.unsupported,java.desktop,java.naming,java.sql,jdk.incubator.vector"
[[ $with_cpu == 1 ]] && modules="$modules,jdk.management"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=$((fast ? 0 : 2)) \
  --output "$out/runtime"
# AWT's X11, splash-screen and sound libraries: never loaded by a headless JVM, and they need X11 and ALSA.
rm -f "$out"/runtime/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so

# Native libraries outside the base system go into the bundle. A GPU node may have nothing but glibc, libstdc++,
# libgcc_s, zlib and NVIDIA's driver and CUDA (it lacked libharfbuzz, so AWT could not load libfontmanager.so and
# no plot could be drawn): every other library a bundled .so needs (DT_NEEDED) is copied from this machine into
# runtime/lib, where the JDK libraries' RPATH $ORIGIN finds it (and, RPATH being inherited, finds its own needs).
# The allow-list is the one BundleTest checks.
allowed='^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|ld-linux-x86-64\.so\.2|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1)$'
ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
needed() { LC_ALL=C readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
command -v readelf >/dev/null || { echo "build-bundle.sh: needs readelf (apt-get install binutils)" >&2; exit 1; }
while :; do
  added=0
  while read -r so; do
    for lib in $(needed "$so"); do
      [[ $lib =~ $allowed || -n "$(find "$out/runtime" -name "$lib" -print -quit)" ]] && continue
      # awk reads to the end: exiting at the first match would kill ldconfig with SIGPIPE (exit 141, pipefail).
      path="$("$ldconfig" -p | awk -v n="$lib" '$1 == n && /x86-64/ && p == "" {p = $NF} END {print p}')"
      [[ -n $path ]] || { echo "build-bundle.sh: $so needs $lib, which is not installed here" >&2; exit 1; }
      cp -L "$path" "$out/runtime/lib/$lib"
      chmod 644 "$out/runtime/lib/$lib"
      added=1
    done
  done < <(find "$out/runtime" -name '*.so*' -type f)
  [[ $added == 1 ]] || break
done

# Fonts: AWT needs a font file to draw any text, and without libfontconfig (or with no fonts installed) it reads
# lib/fontconfig.properties. DejaVu Sans (free licence, shipped with its copyright file) serves every logical font;
# $JRE_LIB_FONTS is the runtime's own lib/fonts.
fonts=/usr/share/fonts/truetype/dejavu
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf; do
  [[ -f $fonts/$f ]] || { echo "build-bundle.sh: needs $fonts/$f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done
mkdir -p "$out/runtime/lib/fonts"
cp "$fonts/DejaVuSans.ttf" "$fonts/DejaVuSans-Bold.ttf" "$out/runtime/lib/fonts/"
[[ -f /usr/share/doc/fonts-dejavu-core/copyright ]] \
  && cp /usr/share/doc/fonts-dejavu-core/copyright "$out/runtime/lib/fonts/LICENSE-DejaVu"
{
  echo "# Written by docker/build-bundle.sh: DejaVu Sans from lib/fonts for every logical font (no fontconfig needed)."
  echo "version=1"
  for family in serif sansserif monospaced dialog dialoginput; do
    for style in plain bold italic bolditalic; do
      weight=medium; [[ $style == bold* ]] && weight=bold
      echo "$family.$style.latin-1=-misc-dejavu sans-$weight-r-normal--*-%d-*-*-p-*-iso10646-1"
    done
  done
  echo "sequence.allfonts=latin-1"
  echo 'filename.-misc-dejavu_sans-medium-r-normal--*-%d-*-*-p-*-iso10646-1=$JRE_LIB_FONTS/DejaVuSans.ttf'
  echo 'filename.-misc-dejavu_sans-bold-r-normal--*-%d-*-*-p-*-iso10646-1=$JRE_LIB_FONTS/DejaVuSans-Bold.ttf'
} > "$out/runtime/lib/fontconfig.properties"

# Debian's libjvm.so keeps its symbol table (24 MB -> 20 MB without it); strip when binutils are there.
if [[ $fast == 0 ]] && command -v strip >/dev/null; then
  find "$out/runtime" -name '*.so*' -type f -exec strip --strip-unneeded {} \;
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
# JDK 17's first stderr line on every start, "WARNING: Using incubator modules", is dropped (that line only).
exec "$home/runtime/bin/java" ${SCALELAB_JAVA_OPTS:--XX:MaxRAMPercentage=70} --add-modules jdk.incubator.vector \
  -Dorg.bytedeco.javacpp.cachedir="${SCALELAB_CACHE:-$HOME/.cache/scalelab}/javacpp" \
  -Dscalelab.program="$0" -cp "$home/lib/*" dev.scalelab.cli.Main "$@" \
  2> >(trap '' INT TERM; IFS= read -r first && [[ "$first" != "WARNING: Using incubator modules: jdk.incubator.vector" ]] \
         && printf '%s\n' "$first" >&2; exec cat >&2)
LAUNCHER
chmod +x "$out/bin/scalelab"

echo "bundle: $out ($(du -sh "$out" | cut -f1); runtime $(du -sh "$out/runtime" | cut -f1), lib $(du -sh "$out/lib" | cut -f1), $(ls "$out/lib" | wc -l) jars)"
