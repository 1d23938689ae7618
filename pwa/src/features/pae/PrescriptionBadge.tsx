/** The prescription warning of a debt: "Por prescribir" or "Prescrito" (nothing when it is far). */
import type { PrescriptionStatus } from "./api";
import { T } from "./texts";

export function PrescriptionBadge({ status }: { status: PrescriptionStatus }) {
  if (status === "ok") return null;
  return (
    <span class={`pae-badge ${status}`} data-testid="pae-badge" data-status={status}>
      {T.badges[status]}
    </span>
  );
}
