#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/test_pages_browser.py, marker `browser`).
# Playwright's Python package drives it via executable_path=/usr/bin/chromium, so no
# Playwright-managed browser download is needed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y chromium; then
  $SUDO apt-get update
  $SUDO apt-get install -y chromium
fi
/usr/bin/chromium --version
