"""Every use of ReportLab's private internals, and nothing else: each patch checks itself before it installs.

May import errors and paths only.
"""
