"""What a product is and the one make path: compose → impose → render → post-steps → named files.

May import render, impose, compose and everything below; never campaign, sheets, pack or cli.
"""
