"""mkdocs-scorecards: a Balanced Scorecard published as a static site.

The package is layered: ``load`` turns YAML and CSV into the model,
``compute`` evaluates it with pure functions, ``render`` turns results into
pages, maps and JSON, and ``plugin``/``cli`` are the two thin front doors.
"""

__version__ = "0.1.0"
