"""Which reading page goes where on which sheet side (SheetMap, one scheme per module), and the instruction page.

May import compose and everything below; never render or products.
"""
