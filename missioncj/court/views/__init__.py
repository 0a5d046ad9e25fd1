"""Court pages, one module per area; each module defines its own `urlpatterns` and registers its
participant-page panels when imported (see `CourtConfig.ready`)."""

AREAS = ["cases", "hearings", "phases", "testing"]
