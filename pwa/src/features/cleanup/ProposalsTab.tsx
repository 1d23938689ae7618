/** The proposals tab: by status (pending first); the director approves or rejects pending write-offs proposed by someone else, the manager decides reclassifications and sees hers. */
import { useState } from "preact/hooks";
import { dateTime } from "../../domain/time";
import { isManager, session } from "../../state/session";
import { Banner, Pager, Spinner } from "../../ui/components";
import { useDecision } from "../../ui/use-decision";
import { useLoad } from "../../ui/use-load";
import { pesos } from "../counter/form";
import { ReasonPrompt } from "../charges/ReasonPrompt";
import { approve, proposals, reject, type Proposal } from "./api";
import { FIELD_LABEL, T } from "./texts";

/** Who may decide this proposal here (the server checks it again): write-offs a director who did not propose it; reclassifications a manager. */
export function canDecide(p: Proposal, userId: string | undefined, roles: string[]): boolean {
  if (p.status !== "pending") return false;
  if (p.kind === "write_off") return roles.includes("director") && p.proposed_by !== userId;
  return roles.includes("manager");
}

function detail(p: Proposal): string {
  if (p.kind === "write_off") return `${pesos(p.amount)} · ${p.all_open ? "todos los cargos abiertos" : `${p.charge_ids.length} cargos`}`;
  return Object.entries(p.changes)
    .map(([k, v]) => `${FIELD_LABEL[k] ?? k}: ${v}`)
    .join(" · ");
}

function Decide({ p, onDone }: { p: Proposal; onDone: (msg: string) => void }) {
  const d = useDecision<"approve" | "reject">(onDone);
  return (
    <div data-testid="cleanup-decide">
      {d.mode === "idle" && (
        <div class="actions">
          <button type="button" onClick={() => d.setMode("approve")} data-testid="cleanup-approve">
            {T.approve}
          </button>
          <button type="button" class="secondary" onClick={() => d.setMode("reject")} data-testid="cleanup-reject">
            {T.reject}
          </button>
        </div>
      )}
      {d.mode === "approve" && (
        <div class="actions">
          <span>{p.kind === "write_off" ? T.approveWriteOff(pesos(p.amount), p.account_number) : T.approveReclass(p.account_number)}</span>
          <button type="button" disabled={d.busy} onClick={() => void d.run(() => approve(p.id), T.approved(p.account_number))} data-testid="cleanup-approve-confirm">
            {d.busy ? <Spinner label={T.sending} /> : T.confirmApprove}
          </button>
          <button type="button" class="secondary" onClick={() => d.setMode("idle")}>
            {T.cancel}
          </button>
        </div>
      )}
      {d.mode === "reject" && (
        <ReasonPrompt id={`cleanup-reject-${p.id}`} testid="cleanup-reject" reason={d.reason} onReason={d.setReason} busy={d.busy} confirmLabel={T.confirmReject} onConfirm={() => void d.run(() => reject(p.id, d.reason.trim()), T.rejected(p.account_number))} onCancel={() => d.setMode("idle")} />
      )}
      {d.error && <p class="error" data-testid="cleanup-decide-error">{d.error}</p>}
    </div>
  );
}

function Row({ p, onDone }: { p: Proposal; onDone: (msg: string) => void }) {
  const user = session.value?.user;
  const roles = (user?.roles ?? []) as string[];
  const own = p.kind === "write_off" && p.status === "pending" && p.proposed_by === user?.id;
  return (
    <tr data-testid="cleanup-proposal" data-id={p.id} data-status={p.status} data-kind={p.kind}>
      <td>
        <a href={`#/cuentas/${encodeURIComponent(p.account_id)}`}>{p.account_number}</a>
        <br />
        <span class="hint">{p.holder_name}</span>
      </td>
      <td>{p.kind_label}</td>
      <td>{detail(p)}</td>
      <td>{p.reason}</td>
      <td>
        {p.proposed_by_name ?? "—"}
        <br />
        <span class="hint">{dateTime(p.created_at)}</span>
      </td>
      <td>
        <span class={`badge ${p.status}`}>{p.status_label}</span>
        {p.status !== "pending" && (
          <span class="hint">
            <br />
            {p.decided_by_name ?? ""} {dateTime(p.decided_at)}
          </span>
        )}
        {p.decision_reason && <p class="hint">{`${T.decision}: ${p.decision_reason}`}</p>}
        {canDecide(p, user?.id, roles) && <Decide p={p} onDone={onDone} />}
        {own && <p class="hint" data-testid="cleanup-own">{T.ownProposal}</p>}
        {p.status === "pending" && !own && !canDecide(p, user?.id, roles) && <p class="hint">{p.kind === "write_off" ? T.directorOnly : T.managerOnly}</p>}
      </td>
    </tr>
  );
}

export function ProposalsTab() {
  const [status, setStatus] = useState("pending");
  const [mine, setMine] = useState(false);
  const [page, setPage] = useState(1);
  const [note, setNote] = useState<string | null>(null);
  const list = useLoad(() => proposals(status, mine, page), [status, mine, page]);
  const done = (msg: string) => {
    setNote(msg);
    list.reload();
  };
  return (
    <div data-testid="cleanup-proposals">
      {note && (
        <Banner kind="info" testid="cleanup-proposals-note">
          {note}
        </Banner>
      )}
      <div class="actions" role="group" aria-label="Estado">
        {T.statuses.map(([k, l]) => (
          <button key={k || "all"} type="button" class={status === k ? "" : "secondary"} aria-pressed={status === k} onClick={() => {
              setStatus(k);
              setPage(1);
            }} data-testid={`cleanup-status-${k || "all"}`}>
            {l}
          </button>
        ))}
        {isManager.value && (
          <label>
            <input type="checkbox" checked={mine} onChange={(e) => {
                setMine((e.currentTarget as HTMLInputElement).checked);
                setPage(1);
              }} data-testid="cleanup-mine" /> {T.mine}
          </label>
        )}
      </div>
      {list.busy && <Spinner />}
      {list.error && <p class="error">{list.error}</p>}
      {list.data && list.data.items.length === 0 && <p class="hint" data-testid="cleanup-proposals-empty">{T.noProposals}</p>}
      {list.data && list.data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {T.pcols.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <Row key={`${p.id}-${p.status}`} p={p} onDone={done} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && <Pager page={page} pages={list.data.pages} onPage={setPage} testid="cleanup-proposals-pager" />}
    </div>
  );
}
