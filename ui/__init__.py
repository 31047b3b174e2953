"""Streamlit views only: they render the questionnaire and the assessment, and hold no logic."""
