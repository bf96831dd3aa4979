"""Shared test configuration.

Hypothesis profiles: "dev" is the default here. When the ``CI`` environment
variable is set, recent Hypothesis versions (checked on 6.170) load their
built-in "ci" profile (derandomized, no deadline, no example database) by
themselves at import time, so we leave that choice alone.
"""

import os

from hypothesis import settings

# No deadline: the suite runs on shared, busy machines, and timing noise there
# is not a bug.
settings.register_profile("dev", deadline=None)

if "CI" not in os.environ:
    settings.load_profile("dev")
