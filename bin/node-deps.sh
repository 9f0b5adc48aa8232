# Sourced by bin/parley and bin/test: installs the npm packages the build and tests use, from their
# lock files, when they are missing. Without npm the demo page is packaged without its SDK bundle.
install_node_deps() {
  local dir
  for dir in "$@"; do
    if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
      if command -v npm >/dev/null 2>&1; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2
      else
        echo "npm not found: skipping $dir (the /demo page will lack its SDK bundle)" >&2
      fi
    fi
  done
}
