"""How results are shown to people: the console today, documents later."""
