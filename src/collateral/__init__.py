"""collateral: print-ready publicity material for mobile petition channels.

A package per stage, read top to bottom; each imports only those below it (the ``layers``
contract in pyproject.toml, checked by import-linter in tests/test_layers.py):

    cli        the command line: options in, messages and exit codes out
    pack       the province's pack: plan, parallel run, manifest, zips, index, readiness
    sheets     Excel/CSV leaders sheets: template out, filled sheets in
    campaign   网上查阅, 图像核对, the monthly report, the bulletin
    proof      the proof sheet (a module)
    products   what a product is and the one make path (compose → impose → render → post-steps)
    render     primitives to PDF bytes; PDF/X-4
    impose     which page goes where on which sheet side; instruction pages; schemes/
    compose    one piece's pages as placed primitives; block kinds (kinds/); the edition
    web        the website kit (附件一)
    spec       the vocabulary layouts are written in: units, colours, styles, boxes
    codes      QR codes as geometry, and the decoding that proves them
    data       jurisdictions and the guide: load, look up, inherit, check
    typeset    Chinese line breaking, justification, fonts
    files      files that are whole or absent: atomic writes, journals, locks
    rl         every use of ReportLab's private internals, and nothing else
    errors, paths   errors as values; where bundled files live
"""

from collateral.errors import CollateralError, Problem

__version__ = "0.1.0"
__all__ = ["CollateralError", "Problem", "__version__"]
