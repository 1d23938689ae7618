/** "Facturación": placeholder until its screen lands (issue 7). */
export default function BillingScreen(_props: { period?: string }) {
  return (
    <section>
      <h2>Facturación</h2>
    </section>
  );
}
