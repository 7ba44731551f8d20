"""Bulk work at national scale (8,317 agencies, 1.35 M questionnaires): synthetic data and a
vectorised scorer that prints exactly what the exact engine prints. Imports nothing from Django.

    from prongsai.bulk.synth import synthesize, write          # prongsai synth
    from prongsai.bulk.score import bulk_inputs, score_json    # prongsai score on big inputs (score_json_parts: in pieces)

    tallies, published = bulk_inputs(pack, "R.parquet", "O.parquet")  # raises read.Fallback on any doubt
    text = score_json(pack, tallies, published)                       # the JSON of `prongsai score`

See docs/scale.md.
"""
