"""Care pages, one module per area; each module defines its own `urlpatterns` and registers its
participant-page panels and timeline entries when imported (see `CareConfig.ready`)."""

AREAS = ["contacts", "cti", "curricula", "groups", "plans", "safety", "vocational"]
