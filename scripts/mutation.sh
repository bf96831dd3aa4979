#!/usr/bin/env bash
# Mutation testing with mutmut 3 on money, tiers, the draw protocol, the
# lifecycle and settlement ([tool.mutmut] in pyproject.toml; docs/mutation.md).
# Not run in CI: it takes long. Usage, from anywhere in the checkout:
#
#   scripts/mutation.sh                      # every configured module
#   scripts/mutation.sh money tiers draw     # some groups (see MODULE_SETS below)
#   scripts/mutation.sh 'pintuan.money.*'    # any mutmut name glob
#
# Environment: VENV (default .venv, needs '.[dev]' and 'mutmut>=3,<4'),
# JOBS (mutmut --max-children, default 1), NICE (default 19).
# Results stay in mutants/ (git-ignored); rerunning only reruns what changed.
# Prints killed/total per module at the end (scripts/mutation_summary.py).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"
jobs="${JOBS:-1}"
# Hypothesis's derandomized "ci" profile: the same examples on every run, so a
# mutant's verdict does not depend on luck.
export CI="${CI:-true}"
# The Hypothesis profile plugin of mutation runs (pytest -p mutmut_hypothesis).
export PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}"

declare -A MODULE_SETS=(
    [money]='pintuan.money.*'
    [tiers]='pintuan.campaign.tiers.* pintuan.settlement.tiers.*'
    [draw]='pintuan.draw.protocol.*'
    [lifecycle]='pintuan.lifecycle.*'
    [settlement]='pintuan.settlement.*'
)
patterns=()
for arg in "$@"; do
    if [[ -n "${MODULE_SETS[$arg]:-}" ]]; then
        read -r -a more <<< "${MODULE_SETS[$arg]}"
        patterns+=("${more[@]}")
    else
        patterns+=("$arg")
    fi
done

nice -n "${NICE:-19}" "$venv/bin/mutmut" run --max-children "$jobs" "${patterns[@]}"
"$venv/bin/python" scripts/mutation_summary.py --survivors
