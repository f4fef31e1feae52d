#!/usr/bin/env bash
# Starts Delivery's build program: ./build.sh <Target> [--parameters]   (./build.sh --help lists them)
# It builds the program only when its sources changed since the last build, then runs it with every argument.
set -eo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"
STAMP="$ROOT/.nuke/temp/build-program.stamp"
REQUIRED_SDK_MAJOR=10

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "build.sh: $*" >&2; exit 1; }

DOTNET="${DOTNET_EXE:-$(command -v dotnet || true)}"
[ -z "$DOTNET" ] && [ -x "$HOME/.dotnet/dotnet" ] && DOTNET="$HOME/.dotnet/dotnet"
[ -n "$DOTNET" ] || fail "no .NET SDK found: install the .NET SDK $REQUIRED_SDK_MAJOR.0 or newer (dotnet must be on PATH, or set DOTNET_EXE)."

# The build program is rebuilt when a source of it or of a project it references is newer than the last build
# (src/Delivery.Sandbox included: the sandbox host is built with it, so Sandbox and Deploy run the emulator as it is now).
needs_build() {
  [ -f "$BUILD_DLL" ] && [ -f "$STAMP" ] || return 0
  [ -n "$(find "$ROOT/build" "$ROOT/src/Delivery.Runner" "$ROOT/src/Delivery.Core" "$ROOT/src/Delivery" "$ROOT/src/Delivery.Sandbox" \
            \( -name bin -o -name obj \) -prune -o \
            -type f \( -name '*.cs' -o -name '*.csproj' \) -newer "$STAMP" -print -quit)" ] ||
  [ -n "$(find "$ROOT/Directory.Build.props" "$ROOT/Directory.Packages.props" -newer "$STAMP" -print -quit)" ]
}

if needs_build; then
  if ! "$DOTNET" --list-sdks 2>/dev/null | awk -F. -v m="$REQUIRED_SDK_MAJOR" '$1 >= m { found=1 } END { exit !found }'; then
    fail "the .NET SDK $REQUIRED_SDK_MAJOR.0 or newer is required, found: $("$DOTNET" --list-sdks 2>/dev/null | awk '{print $1}' | paste -sd, - || echo none)."
  fi
  mkdir -p "$(dirname "$STAMP")"
  touch "$STAMP.new"
  if ! build_log="$("$DOTNET" build "$BUILD_PROJECT" -nologo -clp:NoSummary -v:quiet 2>&1)"; then
    echo "$build_log" >&2
    # An incident must not wait for someone's broken commit: Rollback runs on the last build program that compiled.
    if [ "${1:-}" = "Rollback" ] && [ -f "$BUILD_DLL" ]; then
      echo "build.sh: the build program does not compile (see above); running Rollback with the last one that did." >&2
    else
      fail "the build program does not compile (see above)."
    fi
  else
    mv "$STAMP.new" "$STAMP"
  fi
fi

export DOTNET_HOST_PATH="$DOTNET"
exec "$DOTNET" "$BUILD_DLL" "$@"
