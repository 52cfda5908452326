"""The community's figures and its sponsorship ledger.

organizations: who works where, from email domains and affiliations organizers edit ·
snapshot: per-project counts recomputed after syncs and nightly, so no page scans records ·
figures: what the community page reads · ledger: sponsorship spending, masked for the public.
"""
