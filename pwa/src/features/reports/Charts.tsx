/**
 * The dashboard's charts (Chart.js, only the parts a line and a bar chart need, inside this lazy
 * chunk). Each canvas is an image for assistive technology with its figures in its label; the
 * table next to it is its accessible twin.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { useEffect, useRef } from "preact/hooks";
import { pesos } from "./format";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export interface Series {
  labels: string[];
  values: number[];
}

/** What a chart shows, in words: "ene 2026: $1,000.00, feb 2026: $1,200.00". */
export function chartSummary(title: string, s: Series): string {
  return `${title}: ${s.labels.map((l, i) => `${l}: ${pesos(s.values[i])}`).join(", ")}`;
}

export function MoneyChart({ kind, title, series, testid }: { kind: "line" | "bar"; title: string; series: Series; testid: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let chart: Chart | null = null;
    try {
      const ctx = canvas.getContext("2d");
      if (ctx)
        chart = new Chart(ctx, {
          type: kind,
          data: {
            labels: series.labels,
            datasets: [{ label: title, data: series.values, backgroundColor: kind === "bar" ? ["#003b73", "#7a8ca3"] : "#003b73", borderColor: "#003b73", borderWidth: 2, tension: 0.2 }],
          },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            scales: { y: { beginAtZero: kind === "bar", ticks: { callback: (v) => pesos(Number(v)) } } },
            plugins: { tooltip: { callbacks: { label: (item) => pesos(Number(item.raw)) } } },
          },
        });
    } catch {
      chart = null; // no canvas support here: the table carries the same figures
    }
    return () => chart?.destroy();
  }, [kind, title, series]);
  return (
    <div class="reports-chart">
      <canvas ref={ref} role="img" aria-label={chartSummary(title, series)} data-testid={testid} />
    </div>
  );
}
