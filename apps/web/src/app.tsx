import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Route, Switch, useLocation } from "wouter";
import { Layout } from "./components/layout";
import { ErrorNote, Loading } from "./components/states";
import { trpc } from "./lib/trpc";
import { SessionProvider } from "./session";
import { SignInPage } from "./sign-in-page";

// One chunk per page: the first screen loads only what it shows.
const CHUNKS = {
  overview: () => import("./pages/overview/overview-page"),
  campaigns: () => import("./pages/campaigns/campaigns-page"),
  run: () => import("./pages/campaigns/run-page"),
  contacts: () => import("./pages/contacts/contacts-page"),
  contact: () => import("./pages/contacts/contact-page"),
  settings: () => import("./pages/settings/settings-page"),
  notifications: () => import("./pages/notifications/notifications-page"),
  pageChecks: () => import("./pages/page-checks/page-checks-page"),
};
const OverviewPage = lazy(CHUNKS.overview);
const CampaignsPage = lazy(CHUNKS.campaigns);
const RunPage = lazy(CHUNKS.run);
const ContactsPage = lazy(CHUNKS.contacts);
const ContactPage = lazy(CHUNKS.contact);
const SettingsPage = lazy(CHUNKS.settings);
const NotificationsPage = lazy(CHUNKS.notifications);
const PageChecksPage = lazy(CHUNKS.pageChecks);

/**
 * Starts loading the chunk of the page the browser opened, alongside the sign-in check rather
 * than after it (one round trip less before the first screen).
 */
export function preloadPage(path: string): void {
  const [, first = "", second] = path.split("/");
  const chunk =
    first === ""
      ? CHUNKS.overview
      : first === "campaigns"
        ? second === "runs"
          ? CHUNKS.run
          : CHUNKS.campaigns
        : first === "contacts"
          ? second
            ? CHUNKS.contact
            : CHUNKS.contacts
          : first === "settings"
            ? CHUNKS.settings
            : first === "notifications"
              ? CHUNKS.notifications
              : first === "page-checks"
                ? CHUNKS.pageChecks
                : undefined;
  void chunk?.().catch(() => undefined);
}

/** Moves focus to the page's content after a client-side navigation, as a page load would. */
function FocusOnNavigate() {
  const [location] = useLocation();
  useEffect(() => {
    const main = document.getElementById("main");
    if (main && document.activeElement !== document.body) main.focus({ preventScroll: false });
  }, [location]);
  return null;
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </section>
  );
}

export function App() {
  const me = useQuery(trpc.panel.me.queryOptions(undefined, { staleTime: Infinity }));
  if (me.isPending) return <Loading label="Starting…" />;
  if (me.isError) return <ErrorNote error={me.error} title="The server did not answer" />;
  if (!me.data) return <SignInPage />;
  return (
    <SessionProvider me={me.data}>
      <Layout>
        <FocusOnNavigate />
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/" component={OverviewPage} />
            <Route path="/campaigns" component={CampaignsPage} />
            <Route path="/campaigns/runs/:id" component={RunPage} />
            <Route path="/contacts" component={ContactsPage} />
            <Route path="/contacts/:id" component={ContactPage} />
            <Route path="/settings/:section?" component={SettingsPage} />
            <Route path="/notifications" component={NotificationsPage} />
            <Route path="/page-checks" component={PageChecksPage} />
            <Route component={NotFound} />
          </Switch>
        </Suspense>
      </Layout>
    </SessionProvider>
  );
}
