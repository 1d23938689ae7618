/** "Deudores para PAE": placeholder until its screen lands (issue 7). */
export default function PaeScreen(_props: { accountId?: string }) {
  return (
    <section>
      <h2>Deudores para PAE</h2>
    </section>
  );
}
