"""Domain logic with no HTTP in it."""
