"""What a solution means: the result tables (A·x attributed to decisions), the summary, why each
decision sits where it does, and shadow prices in plain units."""
