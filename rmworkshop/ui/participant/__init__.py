"""The participant console: the same screens in a terminal, on a kiosk and in a browser."""
