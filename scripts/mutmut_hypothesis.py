"""A pytest plugin for mutation runs only (scripts/mutation.sh loads it with -p).

Hypothesis examples are derandomized, so a mutant's verdict does not depend
on luck, and fewer (30 unless a test asks for more), so thousands of mutants
run in reasonable time. The suite's own profiles are unchanged.
"""

from hypothesis import settings

settings.register_profile(
    "mutation", derandomize=True, deadline=None, max_examples=30, database=None
)
settings.load_profile("mutation")
