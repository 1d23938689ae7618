/**
 * "Encuesta de satisfacción" buttons at an account (after a reconnection, a signed agreement, at
 * a route's stop, or standalone): the account's open requests and the published forms the
 * trigger applies; nothing at all when none applies. Works offline, from the device's rows.
 */
import type { SurveyTrigger } from "../../domain/survey-rules";
import { surveyFieldEs as T } from "../../i18n/es-surveys";
import { route } from "../../state/router";
import { launcherOffers, surveyHref } from "./pick";
import { useSurveyData } from "./survey-data";

export interface SurveyLauncherProps {
  accountId: string;
  stopId?: string | null;
  trigger: SurveyTrigger;
  requestId?: string | null;
}

/** Where "Volver" returns after the survey: the screen the launcher is on. */
function here(): string {
  const r = route.value;
  const q = r.query.toString();
  return q ? `${r.path}?${q}` : r.path;
}

export function SurveyLauncher({ accountId, stopId = null, trigger, requestId = null }: SurveyLauncherProps) {
  const data = useSurveyData();
  if (!data) return null;
  const offers = launcherOffers(data.forms, data.requests, { accountId, stopId, trigger, requestId });
  if (offers.length === 0) return null;
  const back = here();
  return (
    <div class="survey-launcher" role="group" aria-label={T.launcherTitle} data-testid="survey-launcher" data-trigger={trigger}>
      {offers.map((o) => (
        <a
          key={o.form.form_key}
          class="button secondary"
          href={surveyHref(o.form.form_key, { accountId, stopId: o.stopId, requestId: o.request?.id ?? null, trigger: o.trigger, back })}
          data-testid={`survey-start-${o.form.form_key}`}
          data-request-id={o.request?.id ?? ""}
        >
          {T.launcherStart(o.form.title)}
          {o.request && <span class="meta"> · {T.launcherRequested}</span>}
        </a>
      ))}
    </div>
  );
}
