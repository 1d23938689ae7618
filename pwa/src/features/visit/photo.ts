/** Photos on the device: resized to 1600 px on the longest side, JPEG quality 0.7, then hashed. */
import { sha256Hex } from "../../domain/sha256";

export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.7;

/** Target size keeping the aspect ratio, never enlarging. */
export function fitWithin(w: number, h: number, max = MAX_SIDE): { w: number; h: number } {
  const k = Math.min(1, max / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * k)), h: Math.max(1, Math.round(h * k)) };
}

async function decode(file: Blob): Promise<{ source: CanvasImageSource; w: number; h: number; close: () => void }> {
  if (typeof createImageBitmap === "function") {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: "from-image" });
      return { source: bmp, w: bmp.width, h: bmp.height, close: () => bmp.close() };
    } catch {
      /* fall back to <img> (older Safari) */
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = "async";
    img.src = url;
    await img.decode();
    return { source: img, w: img.naturalWidth, h: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

function canvasToBlob(c: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob"))), type, quality));
}

/** Resize and re-encode a captured photo; returns the JPEG bytes and their SHA-256. */
export async function preparePhoto(file: Blob): Promise<{ bytes: ArrayBuffer; sha256: string; type: string }> {
  const img = await decode(file);
  try {
    const { w, h } = fitWithin(img.w, img.h);
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("canvas");
    ctx.drawImage(img.source, 0, 0, w, h);
    const blob = await canvasToBlob(canvas, "image/jpeg", JPEG_QUALITY);
    const bytes = await blob.arrayBuffer();
    return { bytes, sha256: await sha256Hex(bytes), type: "image/jpeg" };
  } finally {
    img.close();
  }
}

/** PNG bytes of a canvas (the signature) and their SHA-256. */
export async function canvasPng(canvas: HTMLCanvasElement): Promise<{ bytes: ArrayBuffer; sha256: string; type: string }> {
  const blob = await canvasToBlob(canvas, "image/png");
  const bytes = await blob.arrayBuffer();
  return { bytes, sha256: await sha256Hex(bytes), type: "image/png" };
}
