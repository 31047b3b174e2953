"""The result page, one module for each thing a person sees on it."""
