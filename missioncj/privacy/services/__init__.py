"""Writes for the privacy record: consents and their revocation, and disclosures. Each function
takes a keyword-only `actor`, runs in one transaction and writes its audit event."""
