"""The Stockport demo: data files in `data/` and the code that loads them (`manage.py load_demo`)."""
