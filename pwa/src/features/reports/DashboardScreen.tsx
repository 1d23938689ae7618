/** "Tablero": placeholder until its screen lands (issue 7). */
export default function DashboardScreen(_props: {}) {
  return (
    <section>
      <h2>Tablero</h2>
    </section>
  );
}
