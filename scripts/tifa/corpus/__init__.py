"""The cross-index of a checked corpus: occurrences, variants, co-occurrence, timelines,
translation pairs (``index``), and how much of each formulation's wording is annotated
(``missing``)."""
