"""The facilitator console: one person runs the whole live session from the keyboard."""
