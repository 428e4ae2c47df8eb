import { RunHistory } from "./run-history";
import { Schedules } from "./schedules";
import { StartRun } from "./start-run";
import { useSession } from "../../session";

/** Start a run, see the schedules and every past run. */
export default function CampaignsPage() {
  const { can } = useSession();
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">Campaigns</h1>
      {can("operator") ? <StartRun /> : null}
      <Schedules />
      <RunHistory />
    </section>
  );
}
