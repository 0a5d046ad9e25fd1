"""The audit report (45 CFR 170.315(d)(3)): audit events for a period, filtered by participant,
staff member, kind or action, newest or oldest first, a page at a time by keyset, and the same
rows as CSV/XLSX and over the API. See docs/privacy-audit.md.

- `scope`: who reads the report and which events, names and contents they may see.
- `filters`: the question asked (period, filters, order, cursor), checked field by field.
- `query`: the events in scope for a question, a keyset page or chunks for a download.
- `rows`: an event as the reader may see it (the one shape of page, file and API rows).
"""
