#!/usr/bin/env bash
# Installs the system tools TinyML Studio builds and tests with:
#   arm-none-eabi-gcc + newlib (compile firmware), qemu-system-arm (virtual board), gdb-multiarch (debug),
#   chromium (end-to-end tests through the web host), socat (bridges a pty to QEMU's gdbstub in the serial
#   GDB flashing test).
# On Debian/Ubuntu as root: installs whatever is missing (apt-get update runs once, only if something is missing).
# Anywhere else (not root, macOS, Windows, other Linux): prints the exact commands to run and exits 0.
# Idempotent: when everything is present it only asks dpkg and exits, in well under a second.
# Usage: scripts/setup-toolchains.sh [--dry-run]
set -euo pipefail

PACKAGES=(gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gdb-multiarch chromium socat)
DRY_RUN=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup-toolchains: unknown option '$arg' (try --help)" >&2; exit 1 ;;
  esac
done

say() { printf 'setup-toolchains: %s\n' "$*"; }

is_debian_like() {
  [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1
}

print_other_platform_help() {
  case "$(uname -s 2>/dev/null || echo unknown)" in
    Darwin)
      say "macOS: install the toolchains with Homebrew:"
      echo "  brew install --cask gcc-arm-embedded"
      echo "  brew install qemu"
      echo "  brew install --cask chromium   # only for the end-to-end tests"
      echo "  brew install socat             # only for the serial GDB flashing test"
      ;;
    MINGW*|MSYS*|CYGWIN*)
      say "Windows: install the toolchains with winget (in PowerShell):"
      echo "  winget install -e --id Arm.GnuArmEmbeddedToolchain"
      echo "  winget install -e --id SoftwareFreedomConservancy.QEMU"
      echo "  (then open a new terminal so PATH includes them)"
      ;;
    *)
      say "not a Debian/Ubuntu system; install these with your package manager:"
      echo "  the Arm GNU toolchain (arm-none-eabi-gcc with newlib), qemu-system-arm, gdb-multiarch, chromium, socat"
      echo "  Fedora: sudo dnf install arm-none-eabi-gcc-cs arm-none-eabi-newlib qemu-system-arm gdb chromium socat"
      echo "  Arch:   sudo pacman -S arm-none-eabi-gcc arm-none-eabi-newlib qemu-system-arm gdb chromium socat"
      ;;
  esac
  say "then run 'tinyml doctor' to check. Nothing was installed."
}

if ! is_debian_like; then
  print_other_platform_help
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [ "$status" != "install ok installed" ]; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  say "all toolchain packages are installed (${PACKAGES[*]})."
  exit 0
fi

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  say "missing packages: ${missing[*]}"
  say "this script installs them only when run as root. Run:"
  echo "  sudo apt-get update && sudo $install_cmd"
  say "or: sudo $0"
  exit 0
fi

if [ "$DRY_RUN" -eq 1 ]; then
  say "would run: apt-get update && $install_cmd"
  exit 0
fi

say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends ${missing[*]}
say "done. Check with: tinyml doctor"
