#!/bin/sh
# Install Argdown's parser (@argdown/core, from npm) next to this script, so that
# tests/test_formats_argdown.py can check argmap's Argdown export with it.
# Needs Node.js 18 or later. node_modules/ is git-ignored.
set -e
cd "$(dirname "$0")"
npm install --no-audit --no-fund --loglevel=error
echo "Argdown parser installed in $(pwd)/node_modules"
