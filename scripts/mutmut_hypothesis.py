"""A pytest plugin for mutation runs only (scripts/mutation.sh loads it with -p).

Hypothesis examples are derandomized, so a mutant's verdict does not depend
on luck, and fewer (30 unless a test asks for more), so thousands of mutants
run in reasonable time. A failing example is not shrunk: the verdict is the
same, and shrinking a big settlement scenario can take minutes a mutant. The
suite's own profiles are unchanged.
"""

from hypothesis import Phase, settings

settings.register_profile(
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=30,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
settings.load_profile("mutation")
