"""The workshop rules: pure Python, no Textual, no SQL, time only through an injected clock."""
