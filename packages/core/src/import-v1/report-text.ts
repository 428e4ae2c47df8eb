import type { ImportReport } from "./import-report.js";

/** The report as a person reads it in a terminal: counts first, then what needs a look. */
export function formatImportReport(report: ImportReport & { reportPath?: string | null }): string {
  const lines: string[] = [];
  const c = report.changes;
  const verb = report.dryRun ? "would be" : "were";
  lines.push(report.dryRun ? "Dry run: nothing was written." : "Imported.");
  if (report.database) {
    const d = report.database;
    const layout = [
      d.v1SchemaVersion !== null ? `V1 schema ${d.v1SchemaVersion}` : null,
      d.contactsShape === "app_v2" || d.appV2Interactions ? "app_v2 tables" : null,
    ]
      .filter(Boolean)
      .join(" + ");
    lines.push(
      `Database: ${d.bytes} bytes, ${layout}; naive times read in ${d.sourceZone}; sha256 ${d.sha256.slice(0, 16)}…`,
    );
  }
  if (report.tables.length > 0) {
    lines.push("", "table                     rows  imported  already  duplicate  skipped");
    for (const t of report.tables) {
      lines.push(
        `${t.table.padEnd(24)} ${String(t.rows).padStart(5)} ${String(t.imported).padStart(9)} ${String(t.alreadyPresent).padStart(8)} ${String(t.duplicates).padStart(10)} ${String(t.skipped).padStart(8)}`,
      );
    }
  }
  lines.push(
    "",
    `Contacts: ${c.contactsCreated} ${verb} created, ${c.contactsUpdated} updated, ${c.contactsBlacklisted} blacklisted.`,
    `Interactions: ${c.birthdayMessages} birthday messages and ${c.profileVisits} profile visits ${verb} added; ` +
      `${c.quotaReservations} counted in the current quota windows.`,
  );
  if (report.ambiguities.length > 0) {
    lines.push(
      "",
      "Ambiguous names (kept on a name-only record; a birthday run skips every person of the name for what it holds):",
    );
    for (const a of report.ambiguities)
      lines.push(`  ${a.name}: ${a.rows} row${a.rows === 1 ? "" : "s"}; candidates ${a.candidates.join(", ")}`);
  }
  if (report.skipped.length > 0) {
    lines.push("", "Skipped rows:");
    for (const s of report.skipped) lines.push(`  ${s.table} #${s.id}: ${s.reason}`);
    if (report.skippedNotListed > 0) lines.push(`  … and ${report.skippedNotListed} more (see the JSON report)`);
  }
  if (report.notImported.length > 0) {
    lines.push("", "Tables not imported:");
    for (const t of report.notImported)
      lines.push(`  ${t.table} (${t.rows} row${t.rows === 1 ? "" : "s"}): ${t.reason}`);
  }
  const s = report.settings;
  if (s.diff.length > 0 || s.timezone) {
    lines.push("", `Settings ${report.dryRun ? "that would change" : "changed"}:`);
    if (s.timezone) lines.push(`  account timezone: ${s.timezone.from} → ${s.timezone.to}`);
    for (const d of s.diff) lines.push(`  ${d.path}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`);
  }
  const unmapped = s.config?.filter((e) => e.status === "not_mapped") ?? [];
  if (unmapped.length > 0) {
    lines.push("", "config.yaml keys not mapped:");
    for (const e of unmapped) lines.push(`  ${e.key} = ${JSON.stringify(e.value)}: ${e.reason}`);
  }
  for (const [list, t] of [
    ["today", report.templates.today],
    ["late", report.templates.late],
  ] as const) {
    if (!t) continue;
    lines.push(
      "",
      `Templates (${list}): ${t.imported} imported, ${t.rewritten.length} rewritten, ${t.rejected.length} rejected.`,
    );
    for (const r of t.rewritten) lines.push(`  line ${r.line}: ${r.to}`);
    for (const r of t.rejected) lines.push(`  line ${r.line} rejected (${r.message}): ${r.text}`);
  }
  if (report.session) {
    const ss = report.session;
    lines.push(
      "",
      `Session (${ss.format}): ${ss.cookieCount} cookies (${ss.cookieNames.join(", ")}), li_at expires ${ss.liAtExpiresAt ?? "with the browser session"}` +
        (ss.unchanged ? "; the account already had it." : "."),
    );
  }
  for (const w of report.warnings) lines.push(`Warning: ${w}`);
  if (report.reportPath) lines.push("", `Report written to ${report.reportPath}`);
  return `${lines.join("\n")}\n`;
}
