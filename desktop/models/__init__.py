"""Qt item models over lists of core records."""
