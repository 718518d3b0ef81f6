"""The report layer: the published report's words and numbers, and their audit.

- :mod:`dlhw.published`: every number and phrase the report printed;
- :mod:`dlhw.report.rules`: the verdict rules (finding types);
- :mod:`dlhw.report.claim`: the :class:`~dlhw.report.claim.Claim` record;
- :mod:`dlhw.report.claims2`, :mod:`~dlhw.report.claims3a`,
  :mod:`~dlhw.report.claims3b`, :mod:`~dlhw.report.claims3c`,
  :mod:`~dlhw.report.claims3d`: one claims builder per problem;
- :mod:`dlhw.report.audit`: every claim gathered and counted, for the audit
  page and ``python -m dlhw audit``;
- :mod:`dlhw.report.headline`: the landing page's results table;
- :mod:`dlhw.report.inputs`: the user's own files (``DLHW_DATA``,
  ``DLHW_TRAJECTORY``), named once for the whole site;
- :mod:`dlhw.report.tables`: the one Markdown table writer, and
  :mod:`dlhw.report.grid`, Problem 2's grid written with it;
- :mod:`dlhw.report.text`: numbers and expressions as prose.

The problem modules hold the math, the runs and the findings; this layer
turns findings into judged claims, and the pages and the command line show
them.
"""
