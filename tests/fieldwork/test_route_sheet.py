"""The printable route sheet: a real PDF with the route's stops, in Spanish."""
import pytest
import sqlalchemy as sa

from server.fieldwork import service
from server.fieldwork.models import Stop
from server.fieldwork.pdf import long_date, route_sheet_html, route_sheet_pdf
from server.registry.models import Account
from tests.fieldwork.conftest import TODAY


@pytest.fixture()
def route(town, notifiers, db_session):
    (planned,) = service.plan_routes(actor_id=None, campaign_id=town["campaign"].id,
                                     work_date=TODAY, worker_ids=[notifiers[0].id])
    return planned


def test_the_sheet_lists_every_stop_in_order_with_blank_columns(route, db_session):
    html = route_sheet_html(route)
    stops = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)
                               .order_by(Stop.position)).scalars().all()
    numbers = [db_session.get(Account, s.account_id).account_number for s in stops]
    positions = [html.index(n) for n in numbers]
    assert positions == sorted(positions)
    for text in ("Hoja de ruta de notificación", "Resultado", "Hora", "Firma", "Adeudo",
                 "Gafete N-017", long_date(TODAY), "$", "Caborca Centro"):
        assert text in html


def test_a_cancelled_stop_is_printed_struck_out_with_its_reason(route, db_session):
    stop = db_session.execute(sa.select(Stop).where(Stop.route_id == route.id)).scalars().first()
    service.cancel_stop(actor_id=None, stop_id=stop.id, reason="Pagó en caja")
    html = route_sheet_html(route)
    assert "Cancelada: Pagó en caja" in html and "(1 canceladas)" in html


def test_the_pdf_renders_offline_as_a4_portrait(route):
    from weasyprint import HTML

    pdf = route_sheet_pdf(route)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    page = HTML(string=route_sheet_html(route)).render().pages[0]
    # A4 portrait is 210 × 297 mm: 793.7 × 1122.5 CSS pixels.
    assert round(page.width) == 794 and round(page.height) == 1123


def test_the_office_downloads_the_sheet(client, auth_headers, route):
    resp = client.get(f"/api/v1/fieldwork/routes/{route.id}/sheet.pdf",
                      headers=auth_headers("director"))
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF")
    assert client.get(f"/api/v1/fieldwork/routes/{route.id}/sheet.pdf",
                      headers=auth_headers("notifier")).status_code == 403
