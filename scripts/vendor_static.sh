#!/usr/bin/env bash
# Vendor the NL Design System CSS and the web font into static/vendor/.
#
# The running site and CI never need npm: the files this script writes are committed.
# Run it again only to change a version (edit the pins below), then commit the result.
#
#   bash scripts/vendor_static.sh
#
# What it does: `npm pack` fetches each pinned package tarball from the npm registry
# (integrity-checked by npm, no install scripts run, no node_modules), it is unpacked in a
# temporary folder, and only the files the site uses are copied, with each package's
# licence, into static/vendor/<package>/. Re-running replaces those folders wholesale.
#
# Why these packages (see also static/vendor/VENDORED.txt, written below):
# - @utrecht/component-library-css: the NL Design System community components as one
#   plain CSS file in dist/ (EUPL-1.2). The @rijkshuisstijl-community/components-css
#   alternative is only complete together with @rijkshuisstijl-community/design-tokens.
# - @nl-design-system-unstable/voorbeeld-design-tokens: the neutral "voorbeeld" (example)
#   theme (EUPL-1.2), the complete token set for those components. Not the
#   Rijkshuisstijl or Utrecht tokens: both are "all rights reserved" house styles (the
#   Rijkshuisstijl token licence forbids use outside central government, Utrecht's are
#   proprietary to the gemeente), so they are not ours to ship. static/css/site.css
#   gives the product its own colours on top of this theme.
# - @fontsource/noto-sans: Noto Sans (SIL OFL-1.1), the font the voorbeeld theme names;
#   only the latin and latin-ext subsets in weights 400 and 700, as woff2.
set -euo pipefail

UTRECHT_CSS_VERSION="9.0.4"
VOORBEELD_TOKENS_VERSION="7.4.1"
NOTO_SANS_VERSION="5.3.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/static/vendor"

command -v npm >/dev/null || { echo "vendor_static.sh: npm is needed (apt-get install npm)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# fetch SPEC -> prints the folder the package was unpacked into
fetch() {
    local spec="$1" name tarball dest
    name="$(printf '%s' "$spec" | sed -e 's/^@//' -e 's/@[^@]*$//' -e 's#/#-#')"
    tarball="$(cd "$WORK" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
    dest="$WORK/$name"
    mkdir -p "$dest"
    tar -xzf "$WORK/$tarball" -C "$dest" --strip-components=1
    printf '%s\n' "$dest"
}

# copy SRC DEST, failing loudly when an expected file is missing from the package
copy() {
    [ -f "$1" ] || { echo "vendor_static.sh: missing $1 (package layout changed?)" >&2; exit 1; }
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

echo "Fetching packages from the npm registry..."
utrecht="$(fetch "@utrecht/component-library-css@$UTRECHT_CSS_VERSION")"
voorbeeld="$(fetch "@nl-design-system-unstable/voorbeeld-design-tokens@$VOORBEELD_TOKENS_VERSION")"
noto="$(fetch "@fontsource/noto-sans@$NOTO_SANS_VERSION")"

rm -rf "$VENDOR/utrecht-component-library-css" "$VENDOR/voorbeeld-design-tokens" \
    "$VENDOR/fontsource-noto-sans"

dest="$VENDOR/utrecht-component-library-css"
copy "$utrecht/dist/index.css" "$dest/index.css"
copy "$utrecht/LICENSE.md" "$dest/LICENSE.md"

dest="$VENDOR/voorbeeld-design-tokens"
copy "$voorbeeld/dist/theme.css" "$dest/theme.css"
copy "$voorbeeld/LICENSE.md" "$dest/LICENSE.md"

dest="$VENDOR/fontsource-noto-sans"
copy "$noto/LICENSE" "$dest/LICENSE"
for subset in latin latin-ext; do
    for weight in 400 700; do
        file="noto-sans-$subset-$weight-normal.woff2"
        copy "$noto/files/$file" "$dest/files/$file"
    done
done

# Django's ManifestStaticFilesStorage rewrites every url() and @import in CSS and fails on
# a target that is not in static/; the vendored CSS may only use data: URIs.
if grep -n -P '@import|url\(\s*(?!["'"'"']?data:)' \
    "$VENDOR/utrecht-component-library-css/index.css" \
    "$VENDOR/voorbeeld-design-tokens/theme.css"; then
    echo "vendor_static.sh: vendored CSS references other files; vendor those too" >&2
    exit 1
fi

cat >"$VENDOR/VENDORED.txt" <<EOF
Third-party files in this folder are written by scripts/vendor_static.sh; do not edit
them by hand. Change a version there and run: bash scripts/vendor_static.sh

utrecht-component-library-css/  @utrecht/component-library-css@$UTRECHT_CSS_VERSION  (EUPL-1.2)
    index.css: the NL Design System community component CSS
voorbeeld-design-tokens/        @nl-design-system-unstable/voorbeeld-design-tokens@$VOORBEELD_TOKENS_VERSION  (EUPL-1.2)
    theme.css: the neutral example theme, scoped to the class "voorbeeld-theme"
fontsource-noto-sans/           @fontsource/noto-sans@$NOTO_SANS_VERSION  (SIL OFL-1.1)
    files/: Noto Sans woff2, subsets latin and latin-ext, weights 400 and 700;
    the @font-face rules are in static/css/site.css

htmx is not vendored here: it is served from the django-htmx package
(static path django_htmx/htmx-2.min.js).
EOF

echo "Vendored into $VENDOR:"
(cd "$VENDOR" && find . -type f | sort | xargs ls -l | awk '{printf "  %8d  %s\n", $5, $9}')
