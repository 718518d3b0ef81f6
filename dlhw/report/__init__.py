"""The report layer: our results compared with the published report's, and shown.

- :mod:`dlhw.report.rules`: the verdict rules (finding types);
- :mod:`dlhw.report.claim`: the :class:`~dlhw.report.claim.Claim` record,
  each with a stable key;
- :mod:`dlhw.report.claims2`, :mod:`~dlhw.report.claims3a`,
  :mod:`~dlhw.report.claims3b`, :mod:`~dlhw.report.claims3c`,
  :mod:`~dlhw.report.claims3d`: one claims builder per problem;
- :mod:`dlhw.report.facts` and :mod:`dlhw.report.facts2` ...
  :mod:`~dlhw.report.facts3d`: one facts record per problem, the single
  source of its page, its claims, the landing page and the audit;
  :mod:`dlhw.report.records` finds a page's record on the site's inputs;
- :mod:`dlhw.report.audit`: every claim gathered and counted, for the audit
  page and ``python -m dlhw audit``;
- :mod:`dlhw.report.headline`: the landing page's results table;
- :mod:`dlhw.report.inputs`: the user's own files (``DLHW_DATA``,
  ``DLHW_TRAJECTORY``), named once for the whole site;
- :mod:`dlhw.report.tables`: the one Markdown table writer, and
  :mod:`dlhw.report.grid`, Problem 2's printout compared and its grid
  written with it;
- :mod:`dlhw.report.text`: numbers and expressions as prose.

The report's own words and numbers are in :mod:`dlhw.published`, a leaf
module below the problems; the problem modules hold the math, the runs and
the findings; this layer compares them and turns findings into judged
claims, and the pages, the explorer and the command line show them. No
module below this layer imports it (``tests/test_layers.py``).
"""
