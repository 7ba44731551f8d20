"""Bulk work at national scale (8,317 agencies, 1.35 M questionnaires): synthetic data and a
vectorised scorer that prints exactly what the exact engine prints. Imports nothing from Django.

    from prongsai.bulk.synth import synthesize, write
    from prongsai.bulk.score import score_files
"""
