"""The Prongsai scoring engine. Imports nothing from Django.

    pack = load_pack("bma-district-2567")
    breakdown = score(pack, AgencyInput("101041", counts={...}, published={...}, oit={...}))
    breakdown_json(breakdown)
"""
from .engine import AgencyInput, Breakdown, Notice, QuestionResult, ToolResult, counts_score, level_for, score, tally
from .numbers import round2, to_fraction
from .output import breakdown_json, breakdown_table
from .packs import (
    BE_YEAR_MAX, BE_YEAR_MIN, Pack, PackError, available_packs, is_be_year, load_pack, load_pack_file, load_pack_text,
    pack_for_year, shipped_packs, usable_packs, use_site_packs,
)

__all__ = [
    "AgencyInput", "Breakdown", "Notice", "QuestionResult", "ToolResult", "counts_score", "level_for", "score", "tally",
    "round2", "to_fraction", "breakdown_json", "breakdown_table",
    "Pack", "PackError", "available_packs", "load_pack", "load_pack_file", "load_pack_text", "pack_for_year",
    "shipped_packs", "usable_packs", "use_site_packs",
    "BE_YEAR_MIN", "BE_YEAR_MAX", "is_be_year",
]
