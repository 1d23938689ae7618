/** "Depuración de cartera": placeholder until its screen lands (issue 7). */
export default function CleanupScreen(_props: { tab?: string }) {
  return (
    <section>
      <h2>Depuración de cartera</h2>
    </section>
  );
}
