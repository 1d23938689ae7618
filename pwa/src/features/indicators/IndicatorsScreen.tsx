/** "Indicadores": placeholder until its screen lands (issue 7). */
export default function IndicatorsScreen(_props: { tab?: string }) {
  return (
    <section>
      <h2>Indicadores</h2>
    </section>
  );
}
