#!/usr/bin/env bash
# Installs what winnow needs to build, test and benchmark, from Debian 12
# packages. Run as root, or with sudo available.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config python3 parallel bc \
  libgumbo-dev libre2-dev libxxhash-dev doctest-dev \
  libuchardet-dev libutf8proc-dev libsimdjson-dev libcli11-dev \
  zlib1g-dev libdeflate-dev libzstd-dev libbrotli-dev libbenchmark-dev zstd >/dev/null
