"""`make bench`: every benchmark of record on the PostgreSQL demo city; one JSON line each,
then a summary line. The city (100,000 accounts × 36 months) is seeded first when the
database holds fewer accounts.

    DATABASE_URL=postgresql://... .venv/bin/python bench/run_all.py [--only cut_list,...]

Defaults to postgresql://postgres@127.0.0.1:5432/cartera_bench (made and migrated by
scripts/ensure-postgres.sh). Redis must be up for push_latency (scripts/ensure-redis.sh).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BENCHES = {
    "queries": ["bench/queries.py"],
    "fieldwork_pull": ["bench/fieldwork_pull.py"],
    "sync_push": ["bench/sync_push.py"],
    "sync_load": ["bench/sync_load.py", "--workers", "2", "--pace", "5", "--stops", "30"],
    "cut_list": ["bench/cut_list.py"],
    "push_latency": ["bench/push_latency.py"],
    "agreements_daily": ["bench/agreements_daily.py"],
    "agreement_phone": ["bench/agreement_phone.py"],
    "discounts_posting": ["bench/discounts_posting.py"],
    "survey_results": ["bench/survey_results.py"],
    "account_office": ["bench/account_office.py"],
    "payment_file_preview": ["bench/payment_file_preview.py"],
    "search_screen": ["bench/search_screen.py"],
    "reports_dashboard": ["bench/reports_dashboard.py"],
    "reports_arrears_export": ["bench/reports_arrears_export.py"],
    "indicators_snapshot": ["bench/indicators_snapshot.py"],
    "indicators_reports": ["bench/indicators_reports.py"],
    "billing_analysis": ["bench/billing_analysis.py"],
    "pae_list": ["bench/pae_list.py"],
    "cleanup_lists": ["bench/cleanup_lists.py"],
    "team_day": ["bench/team_day.py"],
}


def _accounts(env) -> int:
    out = subprocess.run([PY, "-c", (
        "import sqlalchemy as sa\n"
        "from server import create_app\n"
        "from server.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    try:\n"
        "        print(db.session.execute(sa.text('select count(*) from accounts')).scalar())\n"
        "    except Exception:\n"
        "        print(0)\n")], cwd=ROOT, env=env, capture_output=True, text=True)
    try:
        return int(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated names: " + ",".join(BENCHES))
    args = parser.parse_args()
    env = {**os.environ, "CARTERA_INSTANCE_PATH": os.environ.get(
        "CARTERA_INSTANCE_PATH", str(ROOT / "instance"))}
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = subprocess.run(
            [str(ROOT / "scripts/ensure-postgres.sh"), "cartera_bench"], cwd=ROOT,
            capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    subprocess.run([PY, "-m", "flask", "--app", "server", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    if _accounts(env) < 100000:
        subprocess.run([PY, "bench/seed_demo.py", "--accounts", "100000", "--months", "36",
                        "--force"], cwd=ROOT, env=env, check=True)
    names = [n for n in args.only.split(",") if n] or list(BENCHES)
    summary = {}
    for name in names:
        subprocess.run([PY, "-c", (
            "from server import create_app\n"
            "from server.extensions import db\n"
            "import sys; sys.path.insert(0, 'bench')\n"
            "from common import analyze\n"
            "app = create_app()\n"
            "with app.app_context():\n"
            "    analyze(db.engine)\n")], cwd=ROOT, env=env, check=True)
        t0 = time.perf_counter()
        run = subprocess.run([PY, *BENCHES[name]], cwd=ROOT, env=env, capture_output=True,
                             text=True)
        line = next((ln for ln in reversed(run.stdout.splitlines()) if ln.startswith("{")),
                    None)
        if run.returncode != 0 or line is None:
            summary[name] = {"error": (run.stderr or run.stdout)[-500:]}
            print(json.dumps({"name": name, "error": summary[name]["error"]}), flush=True)
            continue
        result = json.loads(line)
        summary[name] = {"figure": result.get("figure"), "unit": result.get("unit"),
                         "seconds": round(time.perf_counter() - t0, 1)}
        print(line, flush=True)
    print(json.dumps({"name": "summary", "benchmarks": summary}, ensure_ascii=False))
    if any("error" in v for v in summary.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
