/** The policy messages of the agreement builder, under the field they are about. */
import type { TermsError } from "../../domain/agreement-rules";

/** The messages for `field` and its parts (`waivers[0].amount` is about `waivers`). */
export function errorsFor(errors: TermsError[], field: string): string[] {
  return errors.filter((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`)).map((e) => e.message);
}

export function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div id={id}>
      {messages.map((m, i) => (
        <p class="field-error" key={i}>
          {m}
        </p>
      ))}
    </div>
  );
}
