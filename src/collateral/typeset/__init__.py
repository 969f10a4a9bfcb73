"""Chinese line breaking (CLReq), justification, place-name word breaks and the fonts.

May import files, rl, errors and paths only.
"""
