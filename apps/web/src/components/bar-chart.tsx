import { formatDay, formatNumber } from "../lib/format";

export interface Series {
  label: string;
  /** CSS class giving the series its colour (light and dark). */
  className: string;
  values: number[];
}

/**
 * Grouped bars per day, drawn as SVG (no chart library: a few hundred bytes do it). The SVG only
 * draws the bars and stretches to any width; the labels are HTML, so they stay readable on a
 * phone. The numbers are also given as a table for screen readers and for exact values.
 */
export function BarChart({ days, series, title }: { days: string[]; series: Series[]; title: string }) {
  const height = 100;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = 100 / Math.max(1, days.length);
  const bar = (slot * 0.8) / series.length;
  const total = series.map((s) => `${s.label}: ${formatNumber(s.values.reduce((a, b) => a + b, 0))}`).join(", ");
  const labelled = [0, Math.floor((days.length - 1) / 2), days.length - 1].flatMap((i) => {
    const day = days[i];
    return day === undefined ? [] : [{ i, day }];
  });
  return (
    <figure className="chart">
      <div className="chart-plot">
        <span className="chart-max" aria-hidden="true">
          {formatNumber(max)}
        </span>
        <svg
          viewBox={`0 0 100 ${height}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`${title}. Totals: ${total}.`}
        >
          {days.map((day, i) =>
            series.map((s, j) => {
              const value = s.values[i] ?? 0;
              if (value === 0) return null;
              const h = (value / max) * height;
              return (
                <rect
                  key={`${day}-${s.label}`}
                  className={s.className}
                  x={i * slot + slot * 0.1 + j * bar}
                  y={height - h}
                  width={bar}
                  height={h}
                >
                  <title>{`${formatDay(day)} — ${s.label}: ${value}`}</title>
                </rect>
              );
            }),
          )}
        </svg>
      </div>
      <div className="chart-days" aria-hidden="true">
        {labelled.map(({ i, day }) => (
          <span key={i}>{formatDay(day)}</span>
        ))}
      </div>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.label}>
            <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
      <details className="chart-table">
        <summary>Show the numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row">{formatDay(day)}</th>
                {series.map((s) => (
                  <td key={s.label}>{formatNumber(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
