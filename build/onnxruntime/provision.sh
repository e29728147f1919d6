#!/usr/bin/env bash
# Provisions ONNX Runtime from the npm registry, for machines whose NuGet source lacks its packages:
#   - the official native library, from onnxruntime-node (package/bin/napi-v6/linux/{x64,arm64}/libonnxruntime.so.1)
#   - the official C# API sources (namespace Microsoft.ML.OnnxRuntime, MIT), from com.github.asus4.onnxruntime
# (both MIT, Microsoft's LICENSE and ThirdPartyNotices.txt are kept beside them) into CACHE/onnxruntime/VERSION/{native,csharp}. Tarballs are verified against pinned SHA-512 sums, kept in
# CACHE/downloads and reused; a finished provisioning is marked with .complete and never redone.
# Usage: provision.sh [CACHE_DIR] [VERSION]
set -euo pipefail

cache="${1:-${XLMR_CACHE:-$HOME/.cache/microsoft.ml.xlmroberta}}"
version="${2:-1.30.0}"

die() { echo "provision.sh: error: $*" >&2; exit 1; }

case "$version" in
  1.30.0)
    native_pkg="onnxruntime-node@1.30.0"
    native_tgz="onnxruntime-node-1.30.0.tgz"
    native_sha512="b7086cd42d82fc1164cf5c9ce4e634288536194aba0d444eee10f86f1e50d90cb79c0309c115d6f31537355733136f5503d96894b3987a9a03f1f8d318e7c8ab"
    api_pkg="com.github.asus4.onnxruntime@0.4.9"
    api_tgz="com.github.asus4.onnxruntime-0.4.9.tgz"
    api_sha512="064cf176e499f4891e0cfe90f25cf64c553689eee1492bd2ed921fccca28131a2ad02373267bae19a509ec8b288c182a3b8a2e0f58d76a1f0e63225b08ddbd16"
    ;;
  *) die "no pinned npm packages for ONNX Runtime $version (known: 1.30.0)" ;;
esac

dest="$cache/onnxruntime/$version"
[ -f "$dest/.complete" ] && exit 0

command -v npm >/dev/null || die "npm is not installed; it is needed to fetch ONNX Runtime $version (install Node.js/npm, or use OnnxRuntimeSource=NuGet where NuGet has Microsoft.ML.OnnxRuntime)"
command -v sha512sum >/dev/null || die "sha512sum is not installed (coreutils)"

downloads="$cache/downloads"
mkdir -p "$downloads"
exec 9>"$cache/.provision.lock"
flock 9
[ -f "$dest/.complete" ] && exit 0   # another build finished it while we waited

verified() { [ -f "$downloads/$1" ] && [ "$(sha512sum "$downloads/$1" | cut -d' ' -f1)" = "$2" ]; }

fetch() { # package tarball sha512
  if verified "$2" "$3"; then return 0; fi
  rm -f "$downloads/$2"
  echo "provision.sh: fetching $1 from the npm registry into $downloads" >&2
  (cd "$downloads" && npm pack "$1" --silent >/dev/null) || die "npm pack $1 failed (is the npm registry reachable?)"
  verified "$2" "$3" || die "$downloads/$2 does not match its pinned SHA-512; refusing to use it"
}

fetch "$native_pkg" "$native_tgz" "$native_sha512"
fetch "$api_pkg" "$api_tgz" "$api_sha512"

work="$(mktemp -d "$cache/.provision.XXXXXX")"
trap 'rm -rf "$work"' EXIT
tar -xzf "$downloads/$native_tgz" -C "$work" \
  package/bin/napi-v6/linux/x64/libonnxruntime.so.1 package/bin/napi-v6/linux/arm64/libonnxruntime.so.1
mkdir -p "$work/out/native/linux-x64" "$work/out/native/linux-arm64" "$work/out/csharp"
mv "$work/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$work/out/native/linux-x64/libonnxruntime.so"
mv "$work/package/bin/napi-v6/linux/arm64/libonnxruntime.so.1" "$work/out/native/linux-arm64/libonnxruntime.so"
rm -rf "$work/package"
tar -xzf "$downloads/$api_tgz" -C "$work" package/Runtime package/LICENSE package/ThirdPartyNotices.txt
find "$work/package/Runtime" -type f ! -name '*.cs' -delete
mv "$work/package/Runtime" "$work/out/csharp/Runtime"
mv "$work/package/LICENSE" "$work/package/ThirdPartyNotices.txt" "$work/out/"
cat > "$work/out/SOURCE.txt" <<INFO
ONNX Runtime $version provisioned by build/onnxruntime/provision.sh
native: $native_pkg ($native_tgz, sha512 $native_sha512)
C# API: $api_pkg ($api_tgz, sha512 $api_sha512)
INFO
touch "$work/out/.complete"
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$work/out" "$dest"
echo "provision.sh: ONNX Runtime $version ready in $dest" >&2
