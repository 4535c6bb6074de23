#!/usr/bin/env bash
# Runs a command as on a bare GPU node: in a private mount namespace (run it under `unshare -m`), the system's
# library folder holds only the base system (glibc, libstdc++, libgcc_s, zlib; and libtinfo, which bash itself
# needs), and the fonts, fontconfig's configuration and the installed JDKs are hidden behind empty folders.
# Usage: unshare -m bash bare-node.sh COMMAND [ARGS...]
set -euo pipefail
mount --make-rprivate / 2>/dev/null || true
stage="$(mktemp -d)"
base='^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|ld-linux-x86-64\.so\.2|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1|libtinfo\.so\.6)$'
libdirs=()
for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu; do
  [[ -d $d ]] || continue
  real="$(readlink -f "$d")"
  [[ " ${libdirs[*]:-} " == *" $real "* ]] || libdirs+=("$real")
done
for d in "${libdirs[@]}"; do
  mkdir -p "$stage$d"
  for f in "$d"/*.so*; do
    name="$(basename "$f")"
    [[ $name =~ $base ]] && cp -L "$f" "$stage$d/$name"
  done
done
for d in /usr/share/fonts /usr/local/share/fonts /etc/fonts /usr/lib/jvm /usr/local/lib "$HOME/.fonts" \
    "$HOME/.local/share/fonts"; do
  [[ -d $d ]] && mount -t tmpfs none "$d"
done
# Last: after these mounts, programs that need other libraries (mount itself) no longer start.
for d in "${libdirs[@]}"; do
  mount --bind "$stage$d" "$d"
done
for lib in libharfbuzz.so.0 libfreetype.so.6 libfontconfig.so.1; do
  for d in "${libdirs[@]}"; do
    [[ ! -e $d/$lib ]] || { echo "bare-node.sh: $d/$lib still visible" >&2; exit 3; }
  done
done
fonts=(/usr/share/fonts/*)
[[ ! -e ${fonts[0]} ]] || { echo "bare-node.sh: fonts still visible" >&2; exit 3; }
echo "bare-node.sh: base libraries only, no fonts, no JDK" >&2
exec "$@"
