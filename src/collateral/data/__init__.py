"""Jurisdictions and the guide as data: load, look up, inherit, check, with file:line on every value.

May import typeset, files, rl, errors and paths only.
"""
