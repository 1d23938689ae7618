/** Follow-up (office): progress of a day per route and per notifier. */
import { useState } from "preact/hooks";
import { localDate } from "../../domain/time";
import { Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listCampaigns } from "../campaigns/api";
import { getProgress, type Progress } from "./api";
import { PROGRESS_COLUMNS } from "./labels";

function Cells({ p }: { p: Progress }) {
  return (
    <>
      {PROGRESS_COLUMNS.map((c) => (
        <td class="num" key={c.key} data-key={c.key}>
          {p[c.key] ?? 0}
        </td>
      ))}
    </>
  );
}

function Head({ first }: { first: string }) {
  return (
    <thead>
      <tr>
        <th>{first}</th>
        {PROGRESS_COLUMNS.map((c) => (
          <th class="num" key={c.key}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export default function ProgressScreen() {
  const [workDate, setWorkDate] = useState(localDate());
  const [campaignId, setCampaignId] = useState("");
  const campaigns = useLoad(() => listCampaigns(), []);
  const rep = useLoad(() => getProgress({ work_date: workDate, campaign_id: campaignId || undefined }), [workDate, campaignId]);
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">Avance del día</h2>
      <div class="grid2">
        <TextField id="progress-date" type="date" label="Día" value={workDate} onInput={setWorkDate} testid="progress-date" />
        <div>
          <label for="progress-campaign">Campaña</label>
          <select id="progress-campaign" value={campaignId} onChange={(e) => setCampaignId((e.currentTarget as HTMLSelectElement).value)} data-testid="progress-campaign">
            <option value="">Todas</option>
            {(campaigns.data ?? []).map((c) => (
              <option value={c.id} key={c.id}>
                {c.folio} · {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={rep.reload} disabled={rep.busy}>
          Actualizar
        </button>
      </div>
      {rep.busy && <Spinner />}
      {rep.error && <p class="error">{rep.error}</p>}
      {rep.data && (
        <>
          <h3>Por notificador</h3>
          <div class="table-wrap">
            <table data-testid="progress-workers">
              <Head first="Notificador" />
              <tbody>
                {rep.data.by_worker.map((w) => (
                  <tr key={w.worker_id ?? "none"} data-testid="progress-worker">
                    <td>
                      {w.worker_name ?? "Sin asignar"} ({w.routes} ruta{w.routes === 1 ? "" : "s"})
                    </td>
                    <Cells p={w.progress} />
                  </tr>
                ))}
                <tr>
                  <th>Total</th>
                  <Cells p={rep.data.totals} />
                </tr>
              </tbody>
            </table>
          </div>
          <h3>Por ruta</h3>
          <div class="table-wrap">
            <table data-testid="progress-routes">
              <Head first="Ruta" />
              <tbody>
                {rep.data.routes.map((r) => (
                  <tr key={r.id} data-testid="progress-route">
                    <td>
                      <a href={`#/rutas/${r.id}`}>{r.name}</a>
                      <div class="meta">{r.worker_name ?? "Sin notificador"}</div>
                    </td>
                    <Cells p={r.progress} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
