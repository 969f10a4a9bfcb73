"""Primitives to PDF bytes with ReportLab, and the PDF/X-4 post-step with pikepdf.

May import impose, compose and below (for page types); decides nothing about where things go.
"""
