"""The registry (padrón): premises, accounts, customers, meters, and proposals to change them."""
