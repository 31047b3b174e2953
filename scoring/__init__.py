"""Scoring: answers in, an assessment out; pure, with no Streamlit or storage import."""
