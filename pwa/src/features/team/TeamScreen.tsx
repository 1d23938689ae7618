/** "Equipo": placeholder until its screen lands (issue 7). */
export default function TeamScreen(_props: { tab?: string }) {
  return (
    <section>
      <h2>Equipo</h2>
    </section>
  );
}
