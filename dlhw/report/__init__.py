"""The report layer: the published report's words and numbers, and their audit.

- :mod:`dlhw.report.published`: every number and phrase the report printed;
- :mod:`dlhw.report.rules`: the verdict rules (finding types);
- :mod:`dlhw.report.claim`: the :class:`~dlhw.report.claim.Claim` record;
- :mod:`dlhw.report.tables`: the one Markdown table writer;
- :mod:`dlhw.report.text`: numbers and expressions as prose.

The problem modules hold the math, the runs and the findings; this layer
turns findings into judged claims, and the pages and the command line show
them.
"""
