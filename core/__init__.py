"""Near the bottom layer: what every app shares and nothing else. No models of its own (the base page is
abstract), no imports of our apps but caching/. Dependencies run one way: core, then directory, then the
feature apps, then home; `make lint` checks it (the import-linter contracts in pyproject.toml).

- pages: the abstract base page
- choices: the fixed enumerations (skill levels, weekdays, cost, ...)
- timetable: wall-clock times in Europe/London and regular times as dated sessions
- postcodes, geo, osgb: UK postcodes, distances and bounding boxes, grid references
"""
