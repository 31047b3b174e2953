"""Vignettes: stories, answers and the path expected for them."""
