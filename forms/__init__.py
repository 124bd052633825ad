"""Forms candidates fill in."""
