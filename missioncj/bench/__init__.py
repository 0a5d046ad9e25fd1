"""`missioncj bench`: server time, query count and the hand-written-SQL floor of the pages,
reports, searches, import and export that matter at scale (docs/benchmarks.md)."""
