import { lazy, Suspense } from "react";
import { Link, useParams } from "wouter";
import { Loading } from "../../components/states";
import type { Role } from "../../lib/roles";
import { useSession } from "../../session";

/** Each section is its own chunk: the zod schemas load only with the forms that need them. */
const SECTIONS: { slug: string; label: string; role: Role; component: ReturnType<typeof lazy> }[] = [
  { slug: "", label: "General", role: "viewer", component: lazy(() => import("./general-settings")) },
  { slug: "templates", label: "Templates", role: "viewer", component: lazy(() => import("./template-settings")) },
  {
    slug: "searches",
    label: "Saved searches",
    role: "viewer",
    component: lazy(() => import("./saved-search-settings")),
  },
  { slug: "session", label: "LinkedIn session", role: "viewer", component: lazy(() => import("./session-settings")) },
  { slug: "selectors", label: "Selectors", role: "viewer", component: lazy(() => import("./selector-settings")) },
  { slug: "keys", label: "API keys", role: "admin", component: lazy(() => import("./key-settings")) },
  { slug: "accounts", label: "Accounts", role: "admin", component: lazy(() => import("./account-settings")) },
];

export default function SettingsPage() {
  const { section = "" } = useParams<{ section?: string }>();
  const { can } = useSession();
  const visible = SECTIONS.filter((s) => can(s.role));
  const current = visible.find((s) => s.slug === section);
  const Section = current?.component;
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <nav aria-label="Settings sections" className="tabs">
        <ul>
          {visible.map((s) => (
            <li key={s.slug}>
              <Link
                href={s.slug ? `/settings/${s.slug}` : "/settings"}
                aria-current={s === current ? "page" : undefined}
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {Section ? (
        <Suspense fallback={<Loading />}>
          <Section />
        </Suspense>
      ) : (
        <p>There is no such settings section{can("admin") ? "" : " for your role"}.</p>
      )}
    </section>
  );
}
