/**
 * Photos of the work behind an extraordinary charge: compressed and hashed as the field's photos
 * (visit/photo.ts: 1600 px, JPEG 0.7, SHA-256), uploaded as blobs (`PUT /api/sync/v1/blobs/<sha256>`,
 * as the agreement's scanned copy) and named in the proposal's `photos`.
 */
import { putBlobBytes } from "../agreements/api";
import { preparePhoto } from "../visit/photo";

/** The server keeps at most this many photos per charge (server/ledger/schemas.py). */
export const MAX_PHOTOS = 6;

export interface PreparedPhoto {
  sha256: string;
  bytes: ArrayBuffer;
  type: string;
}

/**
 * Compress and hash the chosen files, adding them after `have` (a repeated photo is kept once)
 * up to MAX_PHOTOS; `dropped` counts the files left out for the limit.
 */
export async function addPhotos(have: PreparedPhoto[], files: ArrayLike<Blob>): Promise<{ photos: PreparedPhoto[]; dropped: number }> {
  const photos = [...have];
  let dropped = 0;
  for (const file of Array.from(files)) {
    if (photos.length >= MAX_PHOTOS) {
      dropped++;
      continue;
    }
    const p = await preparePhoto(file);
    if (!photos.some((x) => x.sha256 === p.sha256)) photos.push(p);
  }
  return { photos, dropped };
}

/** Upload the photos one by one, telling how many went up so far (the server skips the ones it holds). */
export async function uploadPhotos(photos: PreparedPhoto[], onProgress: (done: number, total: number) => void): Promise<void> {
  onProgress(0, photos.length);
  for (let i = 0; i < photos.length; i++) {
    await putBlobBytes(photos[i].sha256, photos[i].bytes, photos[i].type);
    onProgress(i + 1, photos.length);
  }
}
