/** Follow an import run until it ends: every ~500 ms while it advances, backing off to 3 s while it does not. */
import { usePolledJob } from "../../ui/use-polled-job";
import { getRun, type ImportRun } from "./api";

export function usePolledRun(id: string | null): { run: ImportRun | null; error: string | null } {
  return usePolledJob(id, getRun);
}
