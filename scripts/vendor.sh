#!/usr/bin/env bash
# Copy the front-end files the pages use from node_modules into static/vendor (served by Django).
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/vendor
rm -rf "$out"
mkdir -p "$out"/{bootstrap,bootstrap-icons/fonts,echarts,htmx,jsqr}
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$out/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
cp node_modules/echarts/dist/echarts.min.js "$out/echarts/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
cp node_modules/jsqr/dist/jsQR.js "$out/jsqr/"
