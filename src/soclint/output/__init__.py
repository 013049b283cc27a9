"""Report formats. Each takes a Report and returns the text to print."""
