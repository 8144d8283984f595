"""The nine WRES indicators, their statistics and the data-quality checks."""
