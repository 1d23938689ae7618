/**
 * The hash of the signed terms of a payment agreement (see agreement-rules.ts): canonical JSON
 * as the server writes it, its SHA-256 and the verification code printed on the agreement.
 * agreement-rules.ts re-exports all of it. No DOM, no storage, no network.
 */
import { AgreementError, compareCodePoints } from "./money-dates";
import { sha256Hex } from "./sha256";

/** JSON values the signed terms are made of (money and dates already as strings). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A UTF-16 surrogate without its pair: not Unicode, and UTF-8 cannot carry it (Python refuses it too). */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

function canonicalString(s: string): string {
  if (hasLoneSurrogate(s)) throw new AgreementError("INVALID_TERMS", "lone surrogate");
  // JSON.stringify escapes exactly what Python's json.dumps(ensure_ascii=False) escapes:
  // " \ \b \f \n \r \t and other controls below U+0020 as \u00xx; everything else is kept.
  return JSON.stringify(s);
}

/**
 * The signed terms as canonical JSON, character for character what the server's
 * json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) gives: keys sorted by
 * code point, no spaces, non-ASCII kept. Only safe integers are accepted as numbers (money
 * travels as "1234.50" strings); anything else is INVALID_TERMS.
 */
export function canonicalJson(value: Json): string {
  if (value === null) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new AgreementError("INVALID_TERMS", `number ${value}`);
    return String(value);
  }
  if (typeof value === "string") return canonicalString(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort(compareCodePoints);
    return `{${keys.map((k) => `${canonicalString(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  throw new AgreementError("INVALID_TERMS", typeof value);
}

/** SHA-256 (lowercase hex) of the canonical JSON of the signed terms, in UTF-8. */
export async function termsHash(terms: Json): Promise<string> {
  return sha256Hex(new TextEncoder().encode(canonicalJson(terms)));
}

/** The code printed on the agreement: the hash's first 12 hex digits, upper-cased, in groups of four. */
export function verificationCode(hash: string): string {
  if (typeof hash !== "string" || !/^[0-9a-fA-F]{12}/.test(hash)) throw new AgreementError("INVALID_HASH", JSON.stringify(hash));
  const head = hash.slice(0, 12).toUpperCase();
  return `${head.slice(0, 4)}-${head.slice(4, 8)}-${head.slice(8, 12)}`;
}
