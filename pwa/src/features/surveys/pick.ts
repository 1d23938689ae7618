/**
 * Which surveys the phone offers, from the rows it holds (pure): the version to answer (the
 * newest published one, unless a draft already started on an older one), the forms that apply
 * after an event or standalone, the open requests of an account, and the link that opens one.
 */
import type { SurveyEvent, SurveyFormRow, SurveyRequestRow, SurveyTrigger } from "../../domain/survey-rules";

/** The newest published version of each form the device holds, by form key. */
export function latestPublished(forms: readonly SurveyFormRow[]): Map<string, SurveyFormRow> {
  const out = new Map<string, SurveyFormRow>();
  for (const f of forms) {
    if (f.status !== "published") continue;
    const cur = out.get(f.form_key);
    if (!cur || f.version > cur.version) out.set(f.form_key, f);
  }
  return out;
}

/** The published forms a trigger offers: "standalone" ones, or those listing the event ("route" and "office" offer none by themselves). */
export function formsForTrigger(forms: readonly SurveyFormRow[], trigger: SurveyTrigger): SurveyFormRow[] {
  const latest = [...latestPublished(forms).values()];
  const applies = (f: SurveyFormRow) => (trigger === "standalone" ? f.triggers?.standalone === true : (f.triggers?.events ?? []).includes(trigger as SurveyEvent));
  return latest.filter(applies).sort((a, b) => a.title.localeCompare(b.title, "es"));
}

/** An account's open requests (all the worker's when `accountId` is null), oldest first. */
export function openRequests(requests: readonly SurveyRequestRow[], accountId: string | null = null): SurveyRequestRow[] {
  return requests.filter((r) => r.status === "open" && (accountId === null || r.account_id === accountId)).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}

/** The trigger a request's answers are sent with. */
export function requestTrigger(reason: SurveyRequestRow["reason"]): SurveyTrigger {
  return reason === "discount_approved" ? "discount_approved" : reason === "route" ? "route" : "office";
}

/** One "Encuesta de satisfacción" button. */
export interface Offer {
  form: SurveyFormRow;
  request: SurveyRequestRow | null;
  trigger: SurveyTrigger;
  stopId: string | null;
}

/**
 * What the launcher offers at an account: its open requests (whose form the device holds) first,
 * then the forms the trigger applies, one button per form.
 */
export function launcherOffers(
  forms: readonly SurveyFormRow[],
  requests: readonly SurveyRequestRow[],
  p: { accountId: string; stopId?: string | null; trigger: SurveyTrigger; requestId?: string | null },
): Offer[] {
  const latest = latestPublished(forms);
  const out: Offer[] = [];
  const seen = new Set<string>();
  // The request named by the caller first, then the account's other open requests.
  const asked = openRequests(requests, p.accountId).sort((a, b) => Number(b.id === p.requestId) - Number(a.id === p.requestId));
  for (const r of asked) {
    const form = latest.get(r.form_key);
    if (!form || seen.has(r.form_key)) continue;
    seen.add(r.form_key);
    out.push({ form, request: r, trigger: requestTrigger(r.reason), stopId: r.stop_id ?? p.stopId ?? null });
  }
  for (const form of formsForTrigger(forms, p.trigger)) {
    if (seen.has(form.form_key)) continue;
    seen.add(form.form_key);
    out.push({ form, request: null, trigger: p.trigger, stopId: p.stopId ?? null });
  }
  return out;
}

/** `#/encuesta/<form key>?cuenta=…&parada=…&solicitud=…&motivo=…&volver=…`. */
export function surveyHref(formKey: string, p: { accountId?: string | null; stopId?: string | null; requestId?: string | null; trigger: SurveyTrigger; back?: string | null }): string {
  const q = new URLSearchParams();
  if (p.accountId) q.set("cuenta", p.accountId);
  if (p.stopId) q.set("parada", p.stopId);
  if (p.requestId) q.set("solicitud", p.requestId);
  q.set("motivo", p.trigger);
  if (p.back) q.set("volver", p.back);
  return `#/encuesta/${encodeURIComponent(formKey)}?${q.toString()}`;
}

/**
 * The version a survey is answered on: the draft's own version while the device still holds it
 * (a draft started on version 3 stays on version 3), else the newest published one.
 */
export function versionToAnswer(forms: readonly SurveyFormRow[], formKey: string, draftFormId: string | null | undefined): { form: SurveyFormRow | null; fromDraft: boolean } {
  if (draftFormId) {
    const kept = forms.find((f) => f.id === draftFormId && f.form_key === formKey);
    if (kept) return { form: kept, fromDraft: true };
  }
  return { form: latestPublished(forms).get(formKey) ?? null, fromDraft: false };
}
