"""Pages of the work app, one module per topic."""
