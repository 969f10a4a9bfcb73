"""The vocabulary layouts are written in: units, colours, text styles, page geometry, reading rules, prepress boxes.

May import codes, data, typeset and below; never web, compose or anything above.
"""
