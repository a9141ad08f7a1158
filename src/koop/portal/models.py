"""Portal: the pages that bring several apps together (the group in figures, a unit's page).

It owns no data and must never write: it reads through the other apps' selectors."""
