"""The products: one organisation's report (``report``) and the benchmark page of many (``benchmark``)."""
