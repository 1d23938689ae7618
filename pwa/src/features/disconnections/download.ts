/** Download a file the API serves behind the bearer token (the cut list's PDF and Excel), as the route sheet does. */
import { objectUrl } from "../fieldwork/api";

/** Fetch `path` with the token and hand the bytes to the browser as `filename`. */
export async function downloadAuthed(path: string, filename: string): Promise<void> {
  const url = await objectUrl(path);
  const a = document.createElement("a");
  a.href = url;
  a.target = "_blank";
  a.rel = "noopener";
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
