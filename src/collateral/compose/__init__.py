"""One piece's pages as placed primitives: content, layout, leaders tables, block kinds, the edition.

May import web (for the QR payloads it shares), spec, codes, data, typeset and below.
"""
