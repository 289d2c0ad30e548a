#!/usr/bin/env bash
# Installs Debian's Chromium (for the webview page tests and the browser end-to-end tests) when it is
# missing. Idempotent and quick when already there. Prints the browser's path.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo /usr/bin/chromium
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
echo /usr/bin/chromium
