/**
 * Billed volume (m³) by class for the month, the previous month and the same month last year, as a Chart.js bar
 * chart (imported only in this lazy chunk). The canvas is an image for assistive technology; the comparison table
 * beside it is its accessible twin with the same figures.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import type { Comparison } from "./api";
import { B, CLASS_LABELS } from "./texts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLORS = { current: "#003b73", previous: "#6b8fb5", last_year: "#c9a227" } as const;

/** What the chart shows, in words (its aria-label). */
export function chartSummary(c: Comparison): string {
  const parts = c.by_class.map((r) => `${CLASS_LABELS[r.property_class ?? ""] ?? r.property_class}: ${r.current.m3} m³ (anterior ${r.previous.m3}, año anterior ${r.last_year.m3})`);
  return B.chartSummary(parts.join("; ") || "—");
}

export function ComparisonChart({ data }: { data: Comparison }) {
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
            labels: data.by_class.map((r) => CLASS_LABELS[r.property_class ?? ""] ?? r.property_class ?? ""),
            datasets: (["current", "previous", "last_year"] as const).map((k) => ({
              label: B.series[k], data: data.by_class.map((r) => r[k].m3), backgroundColor: COLORS[k],
            })),
          },
          options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
        });
    } catch {
      chart = null; // no canvas here: the table carries the same figures
    }
    return () => chart?.destroy();
  }, [data]);
  return (
    <div class="billing-chart">
      <canvas ref={ref} role="img" aria-label={chartSummary(data)} data-testid="billing-chart" />
    </div>
  );
}
