"""One organisation-year's numbers and ratings: the nine indicators, their tests, ratings and trends."""
