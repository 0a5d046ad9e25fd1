"""Open Referral HSDS 3.0 import and export for the directory: `tables` (what we read and
write), `jsonio` / `csvio` (the two file shapes), `validate` (check everything first),
`apply` (upsert one source), `export` (a program's whole directory), `imports` (the verb)."""
