"""QR codes as vector geometry, and the decoding that proves them.

May import data, typeset and below.
"""
