/** Visits (office): the legal record, photos, signature, GPS and distance, flags highlighted. */
import { useEffect, useState } from "preact/hooks";
import { ADDRESS_CHECK_LABELS, flagLabel, OUTCOME_LABELS } from "../../domain/outcomes";
import { dateTime, hhmm, localDate } from "../../domain/time";
import type { AddressCheck, Outcome } from "../../domain/types";
import { Spinner, TextField } from "../../ui/components";
import { useLoad } from "../../ui/use-load";
import { listRoutes, listVisits, objectUrl, type BlobRef, type OfficeVisit } from "./api";

function Evidence({ blob, alt }: { blob: BlobRef; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let made: string | null = null;
    objectUrl(blob.url || `/api/sync/v1/blobs/${blob.sha256}`).then(
      (u) => {
        made = u;
        if (alive) setUrl(u);
        else URL.revokeObjectURL(u);
      },
      (e: Error) => alive && setErr(e.message),
    );
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [blob.sha256]);
  if (err) return <span class="pill evidencia_pendiente">{err}</span>;
  if (!url) return <Spinner label="Cargando imagen…" />;
  return (
    <a href={url} target="_blank" rel="noopener">
      <img src={url} alt={alt} data-testid="visit-evidence" data-sha={blob.sha256} />
    </a>
  );
}

function Record({ r }: { r: Record<string, unknown> }) {
  const ab = r.attended_by as { name?: string; relationship?: string; id_shown?: string; description?: string } | null;
  const cit = r.citatorio as { date?: string; time?: string } | null;
  const ref = r.refusal as { fixed_where?: string } | null;
  const nb = r.neighbor as { house?: string; why?: string } | null;
  const av = (r.address_verification as AddressCheck[] | undefined) ?? [];
  return (
    <dl>
      <dt>Verificó domicilio</dt>
      <dd>{av.length ? av.map((a) => ADDRESS_CHECK_LABELS[a] ?? a).join(", ") : "—"}</dd>
      {r.asked_for ? (
        <>
          <dt>Preguntó por</dt>
          <dd>{String(r.asked_for)}</dd>
        </>
      ) : null}
      {ab && (
        <>
          <dt>Atendió</dt>
          <dd>
            {ab.name} ({ab.relationship}){ab.id_shown ? ` · identificación: ${ab.id_shown}` : ""}
            {ab.description ? ` · ${ab.description}` : ""}
          </dd>
        </>
      )}
      {nb && (
        <>
          <dt>Vecino</dt>
          <dd>
            {nb.house} · {nb.why}
          </dd>
        </>
      )}
      {cit && (
        <>
          <dt>Citatorio</dt>
          <dd>
            {cit.date} {cit.time}
          </dd>
        </>
      )}
      {ref && (
        <>
          <dt>Aviso fijado en</dt>
          <dd>{ref.fixed_where}</dd>
        </>
      )}
      <dt>Copia entregada</dt>
      <dd>{r.copy_delivered ? "sí" : "no"}</dd>
      {r.signature_refused ? (
        <>
          <dt>Firma</dt>
          <dd>Se negó a firmar</dd>
        </>
      ) : null}
    </dl>
  );
}

function VisitCard({ v }: { v: OfficeVisit }) {
  const flagged = v.flags.length > 0;
  return (
    <li class={`card ${flagged ? "is-cancelled" : ""}`} data-testid="visit-item" data-visit-id={v.id} data-flagged={flagged ? "true" : "false"}>
      <div class="meta">
        {dateTime(v.started_at)}–{hhmm(v.ended_at)} · {v.worker_name} · {v.folio ?? ""} · cuenta {v.account_number}
      </div>
      <h3>{OUTCOME_LABELS[v.outcome as Outcome] ?? v.outcome}</h3>
      {flagged && (
        <p>
          {v.flags.map((f) => (
            <span class="pill observado" key={f} data-testid="visit-flag" data-flag={f}>
              {flagLabel(f)}
            </span>
          ))}
        </p>
      )}
      <p data-testid="visit-gps">
        {v.gps ? (
          <>
            GPS {v.gps.lat.toFixed(5)}, {v.gps.lon.toFixed(5)}
            {v.gps.accuracy_m != null && <> ±{Math.round(v.gps.accuracy_m)} m</>}
            {v.distance_m != null && (
              <>
                {" "}
                · <strong class={v.flags.includes("FAR_FROM_PREMISES") ? "flag" : ""}>a {Math.round(v.distance_m)} m del domicilio</strong>
              </>
            )}
          </>
        ) : (
          <span class="flag">Sin GPS{v.record?.gps_error ? ` (${String(v.record.gps_error)})` : ""}</span>
        )}
        {v.evidence_pending && <span class="pill evidencia_pendiente"> Evidencia pendiente</span>}
      </p>
      <Record r={v.record ?? {}} />
      {v.notes && <p>Observaciones: {v.notes}</p>}
      <div class="photos evidence">
        {v.photos.map((p) => (
          <Evidence key={p.sha256} blob={p} alt="Foto de la visita" />
        ))}
        {v.signature && <Evidence blob={v.signature} alt="Firma de quien recibió" />}
      </div>
    </li>
  );
}

export default function VisitsScreen() {
  const [workDate, setWorkDate] = useState(localDate());
  const [routeId, setRouteId] = useState("");
  const [flagged, setFlagged] = useState(false);
  const [page, setPage] = useState(1);
  const routes = useLoad(() => listRoutes({ work_date: workDate }), [workDate]);
  const visits = useLoad(() => listVisits({ route_id: routeId || undefined, flagged: flagged || undefined, page }), [routeId, flagged, page]);
  return (
    <section aria-labelledby="visits-title">
      <h2 id="visits-title">Visitas</h2>
      <div class="grid2">
        <TextField id="visits-date" type="date" label="Día de las rutas" value={workDate} onInput={(x) => (setWorkDate(x), setRouteId(""))} testid="visits-date" />
        <div>
          <label for="visits-route">Ruta</label>
          <select id="visits-route" value={routeId} onChange={(e) => (setRouteId((e.currentTarget as HTMLSelectElement).value), setPage(1))} data-testid="visits-route">
            <option value="">Todas</option>
            {(routes.data ?? []).map((r) => (
              <option value={r.id} key={r.id}>
                {r.name} ({r.worker_name ?? "sin notificador"})
              </option>
            ))}
          </select>
        </div>
      </div>
      <label class="check" for="visits-flagged">
        <input id="visits-flagged" type="checkbox" checked={flagged} onChange={(e) => (setFlagged((e.currentTarget as HTMLInputElement).checked), setPage(1))} data-testid="visits-flagged" />
        Solo observadas
      </label>
      {visits.busy && <Spinner />}
      {visits.error && <p class="error">{visits.error}</p>}
      {visits.data && (
        <>
          <p class="hint">{visits.data.total} visita(s)</p>
          <ul class="list" data-testid="visits-list">
            {visits.data.items.map((v) => (
              <VisitCard key={v.id} v={v} />
            ))}
          </ul>
          <div class="actions">
            <button type="button" class="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Anteriores
            </button>
            <span>
              Página {visits.data.page} de {Math.max(1, visits.data.pages)}
            </span>
            <button type="button" class="secondary" disabled={page >= visits.data.pages} onClick={() => setPage(page + 1)}>
              Siguientes
            </button>
          </div>
        </>
      )}
    </section>
  );
}
