"""Social discounts for seniors, disabled people, pensioners and retirees (DOMAIN.md)."""
