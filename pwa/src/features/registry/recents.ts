/** "Recientes": the last accounts a user opened (10 at most), in localStorage per user. */
export interface RecentAccount {
  id: string;
  account_number: string;
  holder_name: string;
}

const LIMIT = 10;
const key = (userId: string) => `cartera.recent-accounts.${userId}`;

export function recentAccounts(userId: string | null | undefined): RecentAccount[] {
  if (!userId) return [];
  try {
    const list = JSON.parse(localStorage.getItem(key(userId)) ?? "[]");
    return Array.isArray(list) ? list.filter((a) => a && typeof a.id === "string").slice(0, LIMIT) : [];
  } catch {
    return [];
  }
}

/** Put an account first (once); the oldest falls off past 10. */
export function rememberAccount(userId: string | null | undefined, account: RecentAccount): void {
  if (!userId) return;
  const rest = recentAccounts(userId).filter((a) => a.id !== account.id);
  const entry = { id: account.id, account_number: account.account_number, holder_name: account.holder_name };
  try {
    localStorage.setItem(key(userId), JSON.stringify([entry, ...rest].slice(0, LIMIT)));
  } catch {
    /* storage full or disabled: recents are a convenience */
  }
}
