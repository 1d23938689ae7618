#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (/usr/bin/chromium) through Playwright for
# Python; install it from Debian's packages when missing. Never a downloaded browser.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "Instalando Chromium (paquetes de Debian chromium y chromium-driver)..." >&2
DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
[ -x /usr/bin/chromium ]
