"""Pages of the participants app, split by topic."""
