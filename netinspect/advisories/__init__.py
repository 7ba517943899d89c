"""Version assessment: vendor version ordering, the advisory store, matching and recommendations."""
