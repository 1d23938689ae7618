/**
 * "Equipo" (office, lazy chunk; `#/equipo`, `#/equipo/personal`): the field team's day (stops
 * assigned, done and pending per worker, the phone's last sync, her stops, reassigning pending ones
 * to someone else) and the staff (create, deactivate, reset a password, revoke a lost device).
 */
import { StaffTab } from "./StaffTab";
import { t } from "./texts";
import { TodayTab } from "./TodayTab";

export default function TeamScreen({ tab }: { tab?: string }) {
  const staff = tab === "personal";
  return (
    <section class="team" data-testid="team-screen">
      <h2>{t.title}</h2>
      <nav class="team-tabs" aria-label={t.title}>
        <a href="#/equipo" aria-current={staff ? undefined : "page"} data-testid="team-tab-today">
          {t.tabToday}
        </a>
        <a href="#/equipo/personal" aria-current={staff ? "page" : undefined} data-testid="team-tab-staff">
          {t.tabStaff}
        </a>
      </nav>
      {staff ? <StaffTab /> : <TodayTab />}
    </section>
  );
}
