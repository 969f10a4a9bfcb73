"""Excel and CSV leaders sheets: the template out, filled sheets in, as one all-or-nothing change to the YAML.

May import campaign and everything below (products for the dry run); never pack or cli.
"""
