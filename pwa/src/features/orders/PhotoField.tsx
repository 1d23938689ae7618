/**
 * A set of photos taken with the camera: each resized and hashed on the device (photo.ts),
 * its bytes kept in IndexedDB as a draft blob until the record that uses it is saved. Used by
 * the cutter's order form and the notifier's visit.
 */
import { useEffect, useState } from "preact/hooks";
import { es } from "../../i18n/es";
import { deleteDraftBlob, getBlob, putBlob } from "../../storage/blobs";
import { fieldDb } from "../../state/field";
import { preparePhoto } from "../visit/photo";

export function PhotoField(props: {
  id: string;
  legend: string;
  shas: string[];
  onAdd: (shas: string[]) => void;
  onRemove: (sha: string) => void;
  onBusy: (label: string | null) => void;
  error?: string;
  /** Where a failed photo is told (else it shows here, under the field). */
  onError?: (message: string) => void;
  /** `data-testid` of the photos (`data-count`: how many); the file input's is `inputTestid`, else `<testid>-input`. */
  testid: string;
  inputTestid?: string;
  /** The thumbnails' text (else the legend) and the remove button's label (else "Quitar: <legend>"). */
  alt?: string;
  removeLabel?: string;
}) {
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<string | null>(null);

  // Thumbnails from the bytes stored on the device.
  useEffect(() => {
    let alive = true;
    const urls: string[] = [];
    void (async () => {
      const next: Record<string, string> = {};
      for (const sha of props.shas) {
        const b = await getBlob(fieldDb(), sha);
        if (b?.bytes) {
          const u = URL.createObjectURL(new Blob([b.bytes], { type: b.type }));
          urls.push(u);
          next[sha] = u;
        }
      }
      if (alive) setThumbs(next);
    })();
    return () => {
      alive = false;
      urls.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [props.shas.join(",")]);

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    props.onBusy(es.orders.form.processingPhoto);
    setFailed(null);
    try {
      const added: string[] = [];
      for (const file of Array.from(files)) {
        const p = await preparePhoto(file);
        await putBlob(fieldDb(), { sha256: p.sha256, type: p.type, size: p.bytes.byteLength, kind: "photo", bytes: p.bytes });
        added.push(p.sha256);
      }
      props.onAdd(added);
    } catch (e) {
      const message = (e as Error)?.name === "QuotaExceededError" ? es.orders.errors.quota : es.orders.errors.photo;
      if (props.onError) props.onError(message);
      else setFailed(message);
    } finally {
      props.onBusy(null);
    }
  };

  const remove = async (sha: string) => {
    props.onRemove(sha);
    await deleteDraftBlob(fieldDb(), sha);
  };

  const error = props.error ?? failed;
  return (
    <fieldset aria-invalid={error ? true : undefined}>
      <legend>{props.legend}</legend>
      <label class="button secondary" for={props.id} style={{ display: "inline-flex" }}>
        {es.orders.form.takePhoto}
      </label>
      <input
        id={props.id}
        class="visually-hidden"
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        data-testid={props.inputTestid ?? `${props.testid}-input`}
        onChange={(e) => {
          const input = e.currentTarget as HTMLInputElement;
          void add(input.files).then(() => (input.value = ""));
        }}
      />
      <div class="photos" data-testid={props.testid} data-count={props.shas.length}>
        {props.shas.map((sha) => (
          <figure key={sha}>
            {thumbs[sha] && <img src={thumbs[sha]} alt={props.alt ?? props.legend} />}
            <button type="button" class="link" onClick={() => void remove(sha)} aria-label={props.removeLabel ?? `${es.orders.form.removePhoto}: ${props.legend}`}>
              {es.orders.form.removePhoto}
            </button>
          </figure>
        ))}
      </div>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
