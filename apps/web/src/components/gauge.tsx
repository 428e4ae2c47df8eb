import { formatNumber } from "../lib/format";

/** Used / limit as a bar with its numbers, exposed to assistive technology as a meter. */
export function Gauge({
  label,
  name = label,
  used,
  limit,
  detail,
}: {
  label: string;
  /** The full name for assistive technology, when the visible label leans on a heading. */
  name?: string;
  used: number;
  limit: number;
  detail?: string | undefined;
}) {
  const ratio = limit > 0 ? Math.min(1, used / limit) : 1;
  const tone = ratio >= 1 ? "full" : ratio >= 0.8 ? "high" : "ok";
  return (
    <div className="gauge">
      <div className="gauge-head">
        <span>{label}</span>
        <span className="gauge-numbers">
          {formatNumber(used)} / {formatNumber(limit)}
        </span>
      </div>
      <div
        className={`gauge-track tone-${tone}`}
        role="meter"
        aria-label={name}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${used} of ${limit} used`}
      >
        <div className="gauge-fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      {detail ? <div className="gauge-detail">{detail}</div> : null}
    </div>
  );
}
