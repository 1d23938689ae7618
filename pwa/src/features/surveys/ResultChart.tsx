/**
 * The bar chart of one question's answers (Chart.js, only the parts a bar chart needs, and only
 * in the results' lazy chunk). The canvas is an image for assistive technology, with the counts
 * in its label; the table next to it is its accessible twin.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import { surveyOfficeEs } from "../../i18n/es-surveys";
import type { QuestionResult } from "./api";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const R = surveyOfficeEs.res;

/** "12.5" from 12.5 or "12.50"; what is not a number as it came. */
export function pct(p: number | string | null | undefined): string {
  const n = typeof p === "number" ? p : Number(p);
  return Number.isFinite(n) ? (Math.round(n * 10) / 10).toLocaleString("es-MX", { maximumFractionDigits: 1 }) : String(p ?? "");
}

/** What the chart shows, in words: "Sí: 12 (60%), No: 8 (40%)". */
export function chartSummary(q: QuestionResult): string {
  const parts = q.counts.map((c) => R.chartPart(c.label, c.count, pct(c.percent))).join(", ");
  return R.chartLabel(q.label, parts || R.none);
}

export function ResultChart({ q }: { q: QuestionResult }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let chart: Chart | null = null;
    try {
      const ctx = canvas.getContext("2d");
      if (ctx)
        chart = new Chart(ctx, {
          type: "bar",
          data: {
            labels: q.counts.map((c) => c.label),
            datasets: [{ label: R.count, data: q.counts.map((c) => c.count), backgroundColor: "#003b73", borderColor: "#0b1a2b", borderWidth: 1 }],
          },
          options: {
            indexAxis: "y",
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { tooltip: { callbacks: { label: (item) => R.chartPart(String(item.label), Number(item.raw), pct(q.counts[item.dataIndex]?.percent)) } } },
          },
        });
    } catch {
      chart = null; // no canvas support here: the table carries the same figures
    }
    return () => chart?.destroy();
  }, [q]);
  const height = Math.max(120, 44 * q.counts.length + 40);
  return (
    <div class="survey-chart" style={{ height: `${height}px` }}>
      <canvas ref={ref} role="img" aria-label={chartSummary(q)} data-testid={`survey-chart-${q.id}`} />
    </div>
  );
}
