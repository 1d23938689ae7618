"""End to end, the manager's office at a desktop: she opens the dashboard, follows the
arrears figure to the arrears report, a colonia, and an account behind it, then downloads the
arrears report in Excel (a background export with progress) whose cells are real numbers and
whose total is the dashboard's."""
from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.test_notifier_day import login
from tests.e2e.test_office_desk import _desk


def test_the_manager_drills_from_the_arrears_figure_to_an_account_and_exports_it(
        live_server, browser):
    manager = live_server.token("encargada")
    # Fresh: earlier tests' logins as the manager cached a dashboard (she lands on it) and
    # their payments since make it stale, which the screen shows at once while it refreshes.
    status, dash = live_server.api("GET", "/api/v1/reports/dashboard?fresh=true",
                                   token=manager)
    assert status == 200, dash
    arrears = Decimal(next(c["value"] for c in dash["cards"] if c["key"] == "arrears"))
    assert arrears > 0
    desk = _desk(browser, live_server)
    page = desk.new_page()
    try:
        login(page, "encargada")
        page.goto("/#/tablero")
        card = page.get_by_test_id("dash-arrears")
        expect(card).to_be_visible()
        card.click()
        colonia = page.get_by_test_id("arrears-colonia-row").first
        expect(colonia).to_be_visible()
        colonia.get_by_role("link").first.click()
        account = page.get_by_test_id("drill-account").first.get_by_role("link")
        expect(account).to_be_visible()
        number = account.inner_text().strip()
        account.click()
        detail = page.get_by_test_id("account-detail")
        expect(detail).to_be_visible()
        expect(detail).to_contain_text(number)

        page.goto("/#/reportes/arrears")
        page.get_by_test_id("export-xlsx").click()
        link = page.get_by_test_id("export-download")
        expect(link).to_be_visible(timeout=60000)
        with page.expect_download() as got:
            link.click()
        assert got.value.suggested_filename.endswith(".xlsx")
        data = Path(got.value.path()).read_bytes()
    finally:
        desk.close()
    book = load_workbook(io.BytesIO(data), read_only=True)
    detail = book["Detalle por cuenta"]
    rows = list(detail.iter_rows(values_only=True))
    header, accounts, totals = rows[0], rows[1:-1], rows[-1]
    assert header[0] == "Cuenta" and "Total vencido" in header
    col = header.index("Total vencido")
    assert accounts and all(isinstance(r[col], (int, float)) for r in accounts)
    assert number in {r[0] for r in accounts}  # the account she drilled to is in the file
    # The file's total in arrears is the dashboard's figure, to the centavo.
    assert Decimal(str(totals[col])).quantize(Decimal("0.01")) == arrears
    assert sum(Decimal(str(r[col])) for r in accounts).quantize(Decimal("0.01")) == arrears
