"""The payment demand draft (requerimiento de pago y mandamiento de ejecución) of one
debtor, as a PDF for the executing officer to review: WeasyPrint from
server/templates/pae/demand.html with the legal data of the debtor's dossier."""
from __future__ import annotations

from datetime import date, datetime

from server.common.clock import LOCAL_TZ, utcnow
from server.fieldwork.pdf import MONTHS, TEMPLATES, long_date, render
from server.ledger.words import amount_in_words
from server.pae.dossier import debtor_dossier
from server.registry.models import Account


def _month(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def demand_html(account: Account, as_of: date | None = None) -> str:
    """The demand draft as HTML (what the PDF renders)."""
    d = debtor_dossier(account, as_of)
    now = utcnow().astimezone(LOCAL_TZ)
    balance = max(d["totals"]["balance"], 0)
    return render("pae/demand.html", d=d, referral=d["referral"],
                  as_of_text=long_date(d["as_of"]), printed_on=long_date(now.date()),
                  printed_at=f"{now:%d/%m/%Y %H:%M}", words=amount_in_words(balance),
                  month=_month, local=_local)


def demand_pdf(account: Account, as_of: date | None = None) -> bytes:
    """The demand draft of one debtor as PDF bytes (A4)."""
    from weasyprint import HTML  # heavy import: only when a document is printed

    return HTML(string=demand_html(account, as_of), base_url=str(TEMPLATES)).write_pdf()


def demands_pdf(accounts: list[Account], as_of: date | None = None) -> bytes:
    """The demand drafts of several debtors in one PDF, each starting on its own page, in
    the order given (the officer prints a selection at once)."""
    from weasyprint import HTML

    docs = [HTML(string=demand_html(a, as_of), base_url=str(TEMPLATES)).render()
            for a in accounts]
    pages = [page for doc in docs for page in doc.pages]
    return docs[0].copy(pages).write_pdf()
