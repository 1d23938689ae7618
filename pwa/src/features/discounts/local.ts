/**
 * What the social worker's discount screens read from the device: the programs, her
 * applications (server rows with her pending `discount.apply` laid over them, as the shared
 * view does for visits), each with where it stands ("Pendiente de envío", "Evidencia
 * pendiente", "Falta información"...), and her unfinished registrations. Re-read whenever the
 * shared view is (after each pull and each mutation).
 */
import { useEffect, useState } from "preact/hooks";
import type { AccountRow, DiscountApplicationRow, DiscountApplyArgsV1, DiscountProgramRow } from "../../domain/types";
import { blobsInState } from "../../storage/blobs";
import type { BlobRecord, DraftRecord, OutboxEntry, OverlayEntry, RowRecord } from "../../storage/db";
import { listDrafts } from "../../storage/drafts";
import { listOutbox } from "../../storage/outbox";
import { listOverlay } from "../../storage/overlay";
import { rowsOfType } from "../../storage/rows";
import { fieldDb, view } from "../../state/field";
import { mergeRows } from "../../state/view";
import { addressLine } from "../route/stops";

export const ROW_TYPES = ["discount_program", "discount_application"] as const;

/** Where an application stands, as her list shows it (es-discounts `chips`). */
export type ApplicationChip = "pending_send" | "evidence_pending" | "submitted" | "needs_info" | "approved" | "rejected" | "answered" | "observed";

export interface ApplicationView extends DiscountApplicationRow {
  chip: ApplicationChip;
  /** The server's flags or rejection code for her mutation. */
  codes: string[];
  /** Photos or signature still to reach the server (on the device or as the server says). */
  evidencePending: boolean;
  /** What she sent from this device (while the outbox keeps it), for pre-filling an answer. */
  args: DiscountApplyArgsV1 | null;
  created_at: string | null;
}

export interface DiscountData {
  programs: DiscountProgramRow[];
  applications: ApplicationView[];
  /** Registrations left half-done (drafts of kind "discount"), newest first. */
  drafts: DraftRecord[];
}

/** The chip of an application from its row, its outbox entry and the state of its blobs. */
function chipOf(row: DiscountApplicationRow, e: OutboxEntry | undefined, localMissing: boolean, local: boolean): { chip: ApplicationChip; codes: string[]; evidencePending: boolean } {
  const evidencePending = localMissing || (!local && row.evidence_pending === true);
  if (e?.state === "pending") return { chip: "pending_send", codes: [], evidencePending };
  if (e?.result?.status === "rejected") return { chip: "observed", codes: [e.result.code ?? "REJECTED"], evidencePending };
  const codes = e?.result?.status === "flagged" ? (e.result.flags ?? []) : [];
  const status = row.status ?? "submitted";
  if (status === "submitted") return { chip: evidencePending ? "evidence_pending" : "submitted", codes, evidencePending };
  return { chip: status, codes, evidencePending };
}

/** Pure: her applications (newest first) and the active programs first, from the stores' contents. */
export function discountViews(rows: RowRecord[], overlay: OverlayEntry[], outbox: OutboxEntry[], unsent: BlobRecord[]): Omit<DiscountData, "drafts"> {
  const wanted = new Set<string>(ROW_TYPES);
  const { tables, localIds } = mergeRows(
    rows.filter((r) => wanted.has(r.t)),
    overlay.filter((o) => wanted.has(o.t)),
  );
  const entries = new Map<string, OutboxEntry>();
  for (const e of outbox) if (e.name === "discount.apply" && e.ref) entries.set(e.ref.id, e);
  const missing = new Set(unsent.map((b) => b.sha256));
  const table = tables.get("discount_application") ?? new Map();
  const apps = new Map<string, ApplicationView>();
  for (const [id, d] of table) {
    const row = d as unknown as DiscountApplicationRow;
    const e = entries.get(id);
    const local = localIds.has(`discount_application:${id}`);
    const localMissing = (e?.blobs ?? []).some((sha) => missing.has(sha));
    apps.set(id, { ...row, problems: Array.isArray(row.problems) ? row.problems : [], ...chipOf(row, e, localMissing, local), args: (e?.args as DiscountApplyArgsV1) ?? null, created_at: e?.created_at ?? null });
  }
  // A mutation the server refused lost its overlay: it still shows, "Observada", from its outbox entry.
  for (const [id, e] of entries) {
    if (apps.has(id)) continue;
    const a = e.args as DiscountApplyArgsV1;
    const row: DiscountApplicationRow = {
      id,
      program_id: a.program_id,
      account_id: a.account_id,
      beneficiary_type: a.beneficiary_type,
      beneficiary_name: a.beneficiary_name,
      curp: a.curp,
      birth_date: a.birth_date,
      status: "submitted",
      problems: [],
      decision_note: null,
      starts_on: null,
      ends_on: null,
      evidence_pending: false,
      renewal_of: a.renewal_of,
      answers_request: a.answers_request,
    };
    apps.set(id, { ...row, ...chipOf(row, e, false, true), args: a, created_at: e.created_at });
  }
  const applications = [...apps.values()].sort((x, y) => (y.created_at ?? "").localeCompare(x.created_at ?? "") || x.beneficiary_name.localeCompare(y.beneficiary_name));
  const programs = [...(tables.get("discount_program")?.values() ?? [])] as unknown as DiscountProgramRow[];
  programs.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return { programs, applications };
}

/** Read what the discount screens need from the user's database. */
export async function loadDiscountData(): Promise<DiscountData> {
  const db = fieldDb();
  const [programs, applications, overlay, outbox, queued, failed, drafts] = await Promise.all([
    rowsOfType(db, "discount_program"),
    rowsOfType(db, "discount_application"),
    listOverlay(db),
    listOutbox(db),
    blobsInState(db, "queued"),
    blobsInState(db, "failed"),
    listDrafts(db),
  ]);
  const built = discountViews([...programs, ...applications], overlay, outbox, [...queued, ...failed]);
  return { ...built, drafts: drafts.filter((d) => d.kind === "discount").sort((a, b) => b.updated_at.localeCompare(a.updated_at)) };
}

/** The discount data, read again each time the shared view changes; null while opening. */
export function useDiscountData(): DiscountData | null {
  const v = view.value;
  const [data, setData] = useState<DiscountData | null>(null);
  useEffect(() => {
    if (!v) return;
    let alive = true;
    void loadDiscountData().then((d) => {
      if (alive) setData(d);
    });
    return () => {
      alive = false;
    };
  }, [v]);
  return v ? data : null;
}

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** Accounts on the device matching every word of `q` (number, holder or address; accents and case ignored), by holder. */
export function searchAccounts(accounts: Iterable<AccountRow>, q: string): AccountRow[] {
  const words = norm(q).split(/\s+/).filter(Boolean);
  const out: AccountRow[] = [];
  for (const a of accounts) {
    if (!words.length) {
      out.push(a);
      continue;
    }
    const hay = norm([a.account_number, a.holder_name, addressLine(a)].filter(Boolean).join(" "));
    if (words.every((w) => hay.includes(w))) out.push(a);
  }
  return out.sort((a, b) => (a.holder_name ?? "").localeCompare(b.holder_name ?? "", "es"));
}
