"""Shared test configuration: the Hypothesis profiles.

* ``dev`` (the default here): random, so local runs keep looking for new
  failing examples, with the default 100 examples per test and no deadline
  (the suite runs on shared, busy machines; timing noise there is not a bug).
* ``ci``: Hypothesis's built-in profile (derandomized, no deadline, no example
  database), which recent Hypothesis versions (checked on 6.170) load by
  themselves when the ``CI`` environment variable is set; we leave that alone.
* ``fuzz``: many examples, random, no deadline: a long hunt for bugs, for
  example ``HYPOTHESIS_PROFILE=fuzz pytest tests/test_stateful_campaign.py``.

``HYPOTHESIS_PROFILE`` picks a profile by name and wins over the rest.
"""

import os

from hypothesis import settings

settings.register_profile("dev", deadline=None)
settings.register_profile("fuzz", deadline=None, max_examples=5_000, derandomize=False)

if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif "CI" not in os.environ:
    settings.load_profile("dev")
