"""Demo: deterministic, realistic demo data and the commands that seed and serve it.

It writes rows in bulk (scale 10 must seed in seconds) and records the seeding as one audit
entry; it holds no models and must never be needed in production."""
