"""Writes for the court record, one module per area (cases, hearings, phases, testing). Each
function takes a keyword-only `actor`, runs in one transaction and writes its audit event."""
