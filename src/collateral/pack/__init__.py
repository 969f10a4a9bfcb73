"""The province's pack: what a run makes (plan), the parallel run (batch), manifest, zips, index, readiness.

May import sheets, campaign, proof, products and everything below; never cli.
"""
