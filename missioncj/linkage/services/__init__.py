"""Writes for linkage: directory entries and imports, meetings, support networks, referrals.
Each function takes a keyword-only `actor`, runs in one transaction and writes its audit event."""
