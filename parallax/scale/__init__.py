"""Running the per-article stages on a Ray cluster (``--engine ray``). Needs the ``scale`` extra."""
