"""The strategy map: DOT from `map_dot`, laid out by `graphviz`, checked by `svg_check`.

A map too large to draw is an InputError at the scorecard's file (the
definition must change); a layout that fails or an SVG that fails its check
is a MapError naming the scorecard (the machine must change).
"""

from __future__ import annotations

from ..compute.results import ScorecardResult
from ..errors import MapError
from ..options import Options
from .graphviz import LAYOUT_TIMEOUT_SECONDS, layout_svg
from .map_dot import check_size, map_dot
from .svg_check import check_svg, inline_svg, put_tooltips, tooltips


def scorecard_map(result: ScorecardResult, link_for, engine: str = Options.graphviz,
                  timeout: float = LAYOUT_TIMEOUT_SECONDS) -> str:
    """A scorecard's map as a checked inline <svg> element, tooltips in place."""
    scorecard = result.scorecard
    check_size(result)
    try:
        links = {link_for(o.objective.id) for o in result.objectives}
        raw = layout_svg(map_dot(result, link_for), engine, timeout)
        check_svg(raw, links)
        svg = put_tooltips(inline_svg(raw, f"Strategy map of {scorecard.title}"), tooltips(result))
        svg = svg.replace("{", "&#123;").replace("}", "&#125;")
        check_svg(svg, links)
    except MapError as error:
        raise MapError(f"{scorecard.place.file}: the strategy map of scorecard '{scorecard.id}' could not be "
                       f"drawn: {error.message}", error.hint or "report this with the scorecard's file if it persists"
                       ) from None
    return svg


def standalone_svg(svg_element: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + svg_element + "\n"
