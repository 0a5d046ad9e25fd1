"""FHIR R4 export of a participant's record, through the privacy decision.

One module per resource group builds validated resources (`common.validated`, the R4B models
of `fhir.resources`); `bundle` assembles a `collection` Bundle; `export` decides, builds only
what the decision grants, serialises, and records the disclosures and the export in one
transaction (docs/interop-fhir.md)."""
