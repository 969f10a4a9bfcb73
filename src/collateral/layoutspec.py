"""Transitional: the old home of the layout model, kept while branches written before the split merge.

Nothing in ``collateral`` imports this module; import from the new homes:
:mod:`collateral.params` (MM, Color, TextStyle, Param and the parameter
checks), :mod:`collateral.specmodel` (LayoutSpec, PageSpec, Block, Safe),
:mod:`collateral.specload` (load_layout, all_layouts, parse_layout). Delete
this file once no import of it is left.
"""

from __future__ import annotations

from collateral.params import (FIELDS, MM, Color, Param, TextStyle, choice, color_ref,  # noqa: F401
                               flow_content, mapping, mappings, name, number, numbers, read_params, strings,
                               style_ref, template, template_problem, templates)
from collateral.specload import all_layouts, load_layout, parse_layout  # noqa: F401
from collateral.specmodel import (FOLD_SAFE, LEVELS, ORIENTATIONS, PRODUCTS, Block, LayoutSpec,  # noqa: F401
                                  PageSpec, Safe)
