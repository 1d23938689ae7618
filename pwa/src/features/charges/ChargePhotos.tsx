/**
 * The photos of an extraordinary charge: picked in the proposal form (compressed, hashed, shown
 * before sending, removable) and shown as thumbnails in the list, fetched with the token, that
 * open large on a click ("Foto pendiente" while the bytes have not reached the server).
 */
import { useEffect, useState } from "preact/hooks";
import { Spinner } from "../../ui/components";
import { objectUrl } from "../fieldwork/api";
import type { ChargePhoto } from "./api";
import { MAX_PHOTOS, addPhotos, type PreparedPhoto } from "./photos";

/** Object URLs of local bytes, revoked when the photos change or the form closes. */
function useLocalUrls(photos: PreparedPhoto[]): Record<string, string> {
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    const made: Record<string, string> = {};
    for (const p of photos) made[p.sha256] = URL.createObjectURL(new Blob([p.bytes], { type: p.type }));
    setUrls(made);
    return () => Object.values(made).forEach((u) => URL.revokeObjectURL(u));
  }, [photos]);
  return urls;
}

export function PhotoPicker({ photos, onChange, disabled }: { photos: PreparedPhoto[]; onChange: (p: PreparedPhoto[]) => void; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const urls = useLocalUrls(photos);
  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setProblem(null);
    try {
      const { photos: next, dropped } = await addPhotos(photos, files);
      onChange(next);
      if (dropped) setProblem(`Se admiten hasta ${MAX_PHOTOS} fotos por cargo; ${dropped === 1 ? "una quedó fuera" : `${dropped} quedaron fuera`}.`);
    } catch {
      setProblem("No se pudo leer la foto. Elija una imagen JPEG, PNG o WebP.");
    } finally {
      setBusy(false);
    }
  };
  const full = photos.length >= MAX_PHOTOS;
  return (
    <fieldset data-testid="charge-photos-field" aria-describedby="charge-photos-hint">
      <legend>Fotos de la obra (opcional)</legend>
      <p class="hint" id="charge-photos-hint">
        Hasta {MAX_PHOTOS} fotos; se reducen antes de enviarse. {photos.length} de {MAX_PHOTOS}.
      </p>
      <label class={`button secondary${full || disabled ? " disabled" : ""}`} for="charge-photos-input" style={{ display: "inline-flex" }}>
        Agregar fotos
      </label>
      <input
        id="charge-photos-input"
        class="visually-hidden"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        disabled={full || disabled || busy}
        data-testid="charge-photos-input"
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          void add(input.files).then(() => (input.value = ""));
        }}
      />
      {busy && <Spinner label="Preparando fotos…" />}
      <div class="photos" data-testid="charge-photos" data-count={photos.length}>
        {photos.map((p, i) => (
          <figure key={p.sha256} data-testid="charge-photo-draft" data-sha={p.sha256}>
            {urls[p.sha256] && <img src={urls[p.sha256]} alt={`Foto ${i + 1} de la obra`} />}
            <button type="button" class="link" disabled={disabled} onClick={() => onChange(photos.filter((x) => x.sha256 !== p.sha256))} aria-label={`Quitar la foto ${i + 1}`}>
              Quitar
            </button>
          </figure>
        ))}
      </div>
      {problem && (
        <p class="field-error" role="alert" data-testid="charge-photos-error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}

function Thumb({ photo, n, onOpen }: { photo: ChargePhoto; n: number; onOpen: (url: string, label: string) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const label = `Foto ${n} de la obra`;
  useEffect(() => {
    if (!photo.uploaded) return;
    let alive = true;
    let made: string | null = null;
    setUrl(null);
    setFailed(false);
    objectUrl(photo.url).then(
      (u) => {
        made = u;
        if (alive) setUrl(u);
        else URL.revokeObjectURL(u);
      },
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo.url, photo.uploaded]);
  if (!photo.uploaded || failed)
    return (
      <span class="pill" data-testid="charge-photo-pending" data-sha={photo.sha256}>
        Foto pendiente
      </span>
    );
  if (!url) return <Spinner label="Cargando foto…" />;
  return (
    <button type="button" class="thumb" style={{ width: "96px" }} onClick={() => onOpen(url, label)} aria-label={`Ampliar: ${label}`} data-testid="charge-photo" data-sha={photo.sha256}>
      <img src={url} alt={label} style={{ height: "96px", objectFit: "cover" }} />
    </button>
  );
}

/** The charge's photos in the list; a click opens one large (Escape or "Cerrar" closes it). */
export function ChargeThumbs({ photos }: { photos: ChargePhoto[] }) {
  const [big, setBig] = useState<{ url: string; label: string } | null>(null);
  if (!photos.length) return null;
  return (
    <div class="photos" data-testid="charge-photos-list" data-count={photos.length}>
      {photos.map((p, i) => (
        <Thumb key={p.sha256} photo={p} n={i + 1} onOpen={(url, label) => setBig({ url, label })} />
      ))}
      {big && (
        <div class="lightbox" role="dialog" aria-modal="true" aria-label={big.label} data-testid="charge-photo-large" onKeyDown={(e) => e.key === "Escape" && setBig(null)}>
          <figure>
            <img src={big.url} alt={big.label} />
            <figcaption>{big.label}</figcaption>
          </figure>
          <button type="button" autoFocus onClick={() => setBig(null)} data-testid="charge-photo-close">
            Cerrar
          </button>
        </div>
      )}
    </div>
  );
}
