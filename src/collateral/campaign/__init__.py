"""Judging the campaign: 网上查阅 (webcheck), 图像核对 (photos), the city's monthly report, the bulletin.

May import proof, products and everything below; never sheets, pack or cli.
"""
