"""Streamlit adapters shared by the pages: cached data access, the sidebar tied to the URL, place panels."""
