"""collateral: print-ready publicity material for mobile petition channels.

The pipeline reads top to bottom, one module a stage:

    data      yamlsrc, schema, datafile,          load, validate, index the jurisdictions
              dataset, lookup, check
    content   resolve, content                    what goes on a piece for one unit
    layouts   params, specmodel, specparts,       products as checked data, block kinds in kinds/
              specload, kinds
    layout    typeset, layout, compose,           where it goes: plain-data placements
              primitives
    render    render, qr, fonts                   ReportLab draws the placements
    prepress  prepress                            page boxes, bleed, crop marks
    output    output, products                    atomic writes, one file per unit

Only ``render``, ``fonts`` and ``fontcache`` import ReportLab, and the patches of its private
internals (``patches``: ``tounicode``, ``subsettags``, ``rlcache``), installed on the first product made.
"""

from collateral.errors import CollateralError, Problem

__version__ = "0.1.0"
__all__ = ["CollateralError", "Problem", "__version__"]
