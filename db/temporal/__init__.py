"""Qt-free temporal layer: parsing typed dates and extracting dates from news text."""
