"""Billing analysis and authorization: billing periods draft → authorized, month-to-month comparison, large consumers validated before authorizing."""
