"""Reading, validating and coding the WRES input tables (the data contract)."""
