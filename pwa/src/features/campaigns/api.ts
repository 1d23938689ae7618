/** Office API of campaigns (docs/field-sync.md): preview, create, list. */
import type { Money } from "../../domain/types";
import { http } from "../../state/session";

/** The selection part of a campaign's or a cut list's rules: who owes what, where. */
export interface SelectionRules {
  min_months_past_due: number;
  max_months_past_due: number | null;
  min_debt: Money | null;
  max_debt: Money | null;
  property_classes: string[];
  neighborhood_ids: number[];
  sectors: string[];
}

export interface Rules {
  min_months_past_due: number;
  max_months_past_due?: number | null;
  min_debt?: Money | null;
  max_debt?: Money | null;
  property_classes?: string[];
  neighborhood_ids?: number[];
  sectors?: string[];
  exclude_agreement_in_good_standing: boolean;
  exclude_open_dispute: boolean;
  exclude_notified_within_days: number | null;
  exclude_open_notice?: boolean;
}

export interface Preview {
  as_of?: string;
  count: number;
  total_debt: Money;
  by_neighborhood: { neighborhood_id?: number; neighborhood: string; sector?: string | null; count: number; total_debt: Money }[];
  sample: { account_id: string; account_number: string; holder_name: string; address: string; neighborhood: string; debt: Money; months_past_due: number }[];
  exclusions_not_applied?: string[];
}

export interface Campaign {
  id: string;
  folio: string;
  name: string;
  notice_kind: "informal" | "formal";
  status: string;
  rules: Rules;
  starts_on: string | null;
  ends_on: string | null;
  approving_act: string | null;
  notice_count: number;
  total_debt: Money;
  created_at: string;
  exclusions_not_applied?: string[];
  notices_by_status?: Record<string, number>;
}

export interface Neighborhood {
  id: number;
  name: string;
  postal_code: string;
  locality_type: string;
  sector: string | null;
}

interface Page<T> {
  items: T[];
  total: number;
}

/** What a set of rules would select. */
export async function previewCampaign(rules: Rules): Promise<Preview> {
  return (await http.request<Preview>("/api/v1/campaigns/preview", { method: "POST", body: { rules } })).body;
}

/** Create the campaign and its notices. */
export async function createCampaign(body: { name: string; notice_kind: string; rules: Rules; starts_on?: string | null; ends_on?: string | null; approving_act?: string | null }): Promise<Campaign> {
  return (await http.request<Campaign>("/api/v1/campaigns", { method: "POST", body })).body;
}

/** Campaigns, newest first. */
export async function listCampaigns(status?: string): Promise<Campaign[]> {
  const q = new URLSearchParams({ page_size: "100" });
  if (status) q.set("status", status);
  return (await http.request<Page<Campaign>>(`/api/v1/campaigns?${q}`)).body.items;
}

/** Colonias with sector (for the rules form). */
export async function listNeighborhoods(): Promise<Neighborhood[]> {
  return (await http.request<Neighborhood[]>("/api/v1/registry/neighborhoods")).body;
}
