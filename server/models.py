"""Import every capability's models so metadata (and migrations) see all tables."""
from server.audit.models import AuditEvent  # noqa: F401
from server.auth.models import RevokedToken, StaffRole, StaffUser  # noqa: F401
from server.common.settings import Setting  # noqa: F401
from server.ledger.models import (  # noqa: F401
    Allocation, Charge, Credit, ExtraordinaryCharge, Payment, SurchargeRun)
from server.registry.models import (  # noqa: F401
    Account, ChangeProposal, ClassHistory, Customer, HolderHistory, Meter, Neighborhood,
    Premises, Reading)
