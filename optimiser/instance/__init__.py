"""Planning instances: the folder and workbook formats, their validation at load, and the typed
containers the model trusts."""
