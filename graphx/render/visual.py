"""The picture's functions under the name the writers import them by; they live in `graphx.picture`, below
the outputs, so that the analysis step (`graphx.analysis`) computes the picture once for every output."""
from __future__ import annotations

from graphx.picture import (  # noqa: F401  (re-exported)
    LEGEND_COMMUNITIES,
    PALETTE,
    SIZE_RANGE,
    SMALL_COMMUNITY,
    colour_of,
    default_ranking,
    has_citations,
    has_positions,
    layout,
    node_visuals,
    size_basis,
    size_shares,
)
