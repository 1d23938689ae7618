"""Import every capability's models so metadata (and migrations) see all tables."""
from server.audit.models import AuditEvent  # noqa: F401
from server.auth.models import RevokedToken, StaffRole, StaffUser  # noqa: F401
from server.common.settings import Setting  # noqa: F401
from server.ledger.models import (  # noqa: F401
    Allocation, Charge, Credit, ExtraordinaryCharge, Payment, SurchargeRun)
from server.registry.models import (  # noqa: F401
    Account, ChangeProposal, ClassHistory, Customer, HolderHistory, Meter, Neighborhood,
    Premises, Reading)
from server.attachments.models import Blob  # noqa: F401,E402
from server.campaigns.models import Campaign, Promotion  # noqa: F401,E402
from server.fieldwork.models import Route, Stop, Visit, VisitAttachment  # noqa: F401,E402
from server.notices.models import Notice  # noqa: F401,E402
from server.scope import ScopeMembership  # noqa: F401,E402
from server.sync.models import SyncClient, SyncMutation, SyncState  # noqa: F401,E402
from server.webpush.models import PushSubscription  # noqa: F401,E402
from server.disconnections.models import (  # noqa: F401,E402
    CutList, DisconnectionOrder, OrderAlert)
from server.agreements.models import (  # noqa: F401,E402
    AgreementPart, AgreementPolicy, PaymentAgreement)
from server.discounts.models import (  # noqa: F401,E402
    DiscountApplication, DiscountPosting, DiscountProgram)
from server.surveys.models import (  # noqa: F401,E402
    SurveyAnswerItem, SurveyComplaint, SurveyForm, SurveyRequest, SurveyResponse)
from server.imports.models import ImportRun  # noqa: F401,E402
from server.billing import models as _billing  # noqa: F401,E402
from server.pae import models as _pae  # noqa: F401,E402
from server.cleanup import models as _cleanup  # noqa: F401,E402
from server.indicators import models as _indicators  # noqa: F401,E402
from server.reports import models as _reports  # noqa: F401,E402
