#!/usr/bin/env bash
# Brings the code base to biome.jsonc, purely mechanically, in two commits (with --commit):
#   1. `biome format --write`                       — layout only;
#   2. Biome's lint fixes: the safe ones, plus four rules whose fixes Biome calls unsafe only
#      because of values the types here rule out (useOptionalChain, noUnusedImports,
#      noUnusedVariables, noUselessStringRaw); then a re-format of the lines they touched.
# What is left after it (`npm run lint`, and `npm run check-types`: an optional chain can widen a
# boolean to boolean | undefined) is fixed by hand. Rerun it after merging branches: it is
# idempotent, and a clean tree stays clean.
#   scripts/apply-lint-format.sh [--commit]
set -euo pipefail
cd "$(dirname "$0")/.."
commit=false
[[ "${1:-}" == "--commit" ]] && commit=true
biome=(node node_modules/@biomejs/biome/bin/biome)

"${biome[@]}" format --write . >/dev/null
if $commit && ! git diff --quiet; then
  git commit -qam "Format with Biome (scripts/apply-lint-format.sh step 1, mechanical: no change but layout)"
fi

"${biome[@]}" lint --write . >/dev/null 2>&1 || true
"${biome[@]}" lint --write --unsafe \
  --only=complexity/useOptionalChain --only=correctness/noUnusedImports \
  --only=correctness/noUnusedVariables --only=complexity/noUselessStringRaw . >/dev/null 2>&1 || true
"${biome[@]}" format --write . >/dev/null
if $commit && ! git diff --quiet; then
  git commit -qam "Biome lint autofixes (scripts/apply-lint-format.sh step 2, mechanical: import type, optional chains, Object.hasOwn, const)"
fi

# What remains needs a person; print it (non-zero exit when anything is left).
status=0
npx tsc -b || status=1
"${biome[@]}" ci --error-on-warnings --reporter=summary . || status=1
exit $status
