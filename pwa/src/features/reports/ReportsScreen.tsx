/** "Informes": placeholder until its screen lands (issue 7). */
export default function ReportsScreen(_props: { report?: string }) {
  return (
    <section>
      <h2>Informes</h2>
    </section>
  );
}
