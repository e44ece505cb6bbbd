"""What each insights screen shows: its tables, built from the daily totals."""
